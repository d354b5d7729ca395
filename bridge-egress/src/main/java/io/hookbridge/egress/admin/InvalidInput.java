package io.hookbridge.egress.admin;

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
}
