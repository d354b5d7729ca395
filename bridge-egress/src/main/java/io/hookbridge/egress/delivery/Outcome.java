package io.hookbridge.egress.delivery;

import io.hookbridge.egress.ssrf.TargetRefusedException;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeoutException;

/**
 * How one attempt ended. {@code label} is the {@code outcome} of {@code hookbridge_delivery_attempts_total}:
 * {@code success}, {@code http-error} (a status other than 2xx and 410), {@code gone} (410),
 * {@code timeout}, {@code connection-error}, {@code refused} (the SSRF guard).
 *
 * @param status           the response status, or 0 when there was none
 * @param retryAfterMillis the receiver's {@code Retry-After}, or null
 */
record Outcome(String label, int status, String error, Long retryAfterMillis) {

    static final int GONE = 410;

    static Outcome response(int status, String retryAfter, long nowMillis) {
        if (status >= 200 && status < 300) return new Outcome("success", status, null, null);
        if (status == GONE) return new Outcome("gone", status, "HTTP 410 Gone", null);
        return new Outcome("http-error", status, "HTTP " + status, retryAfterMillis(retryAfter, nowMillis));
    }

    static Outcome failure(Throwable e) {
        if (e instanceof TargetRefusedException) return new Outcome("refused", 0, e.getMessage(), null);
        if (e instanceof TimeoutException || (e.getMessage() != null && e.getMessage().toLowerCase().contains("timeout"))) {
            return new Outcome("timeout", 0, "timeout: " + e.getMessage(), null);
        }
        return new Outcome("connection-error", 0, e.getClass().getSimpleName() + ": " + e.getMessage(), null);
    }

    boolean succeeded() {
        return status >= 200 && status < 300;
    }

    boolean gone() {
        return status == GONE;
    }

    /** {@code Retry-After} as delta-seconds or an HTTP date (RFC 9110 10.2.3); null when absent or unreadable. */
    static Long retryAfterMillis(String value, long nowMillis) {
        if (value == null || value.isBlank()) return null;
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : seconds * 1000;
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Math.max(0, at.toEpochMilli() - nowMillis);
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
