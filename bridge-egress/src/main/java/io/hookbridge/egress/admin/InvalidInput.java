package io.hookbridge.egress.admin;

import io.vertx.core.json.JsonObject;

import java.util.Set;
import java.util.TreeSet;

/** Bad input to the admin API, naming the field (a JSON member, or {@code body} for the whole body). */
final class InvalidInput extends RuntimeException {

    private final String field;

    InvalidInput(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    String field() {
        return field;
    }

    /** Refuses the first member of {@code object} not in {@code allowed}, named as {@code prefix + name}. */
    static void onlyFields(JsonObject object, String prefix, Set<String> allowed) {
        for (String name : object.fieldNames()) {
            if (!allowed.contains(name)) throw new InvalidInput(prefix + name, "unknown field (allowed: " + new TreeSet<>(allowed) + ")");
        }
    }
}
