package io.hookbridge.egress.admin;

import io.vertx.core.json.JsonObject;

/**
 * RFC 7396 JSON Merge Patch: members of the patch replace the target's, {@code null} removes one, and an
 * object patches an object member recursively (so {@code {"headers": {"X-A": null}}} removes one header and
 * leaves the others).
 */
final class JsonMergePatch {

    private JsonMergePatch() {
    }

    /** {@code target} patched by {@code patch}; neither is changed. */
    static JsonObject apply(JsonObject target, JsonObject patch) {
        JsonObject result = target == null ? new JsonObject() : target.copy();
        for (String name : patch.fieldNames()) {
            Object value = patch.getValue(name);
            if (value == null) {
                result.remove(name);
            } else if (value instanceof JsonObject object) {
                Object current = result.getValue(name);
                result.put(name, apply(current instanceof JsonObject c ? c : null, object));
            } else {
                result.put(name, value);
            }
        }
        return result;
    }
}
