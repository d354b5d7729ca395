package io.hookbridge.egress.delivery;

import io.hookbridge.egress.ssrf.TargetRefusedException;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * How one attempt ended. {@code label} is the {@code outcome} of {@code hookbridge_delivery_attempts_total}:
 * {@code success}, {@code http-error} (a status other than 2xx and 410), {@code gone} (410),
 * {@code timeout}, {@code connection-error}, {@code refused} (the SSRF guard).
 *
 * @param status           the response status, or 0 when there was none
 * @param error            what went wrong, in words; null on success
 * @param retryAfterMillis the receiver's {@code Retry-After}, or null
 * @param responseHeaders  a few of the response's headers ({@link #KEPT_HEADERS}), empty without a response
 * @param responseBody     the response body's first {@link #BODY_PREFIX_BYTES} bytes, empty without one
 */
public record Outcome(String label, int status, String error, Long retryAfterMillis,
                      List<Map.Entry<String, String>> responseHeaders, byte[] responseBody) {

    static final int GONE = 410;
    /** How much of a response body an outcome keeps: enough to show a receiver's error message. */
    public static final int BODY_PREFIX_BYTES = 1024;
    /** The response headers an outcome keeps (lower case). */
    public static final List<String> KEPT_HEADERS = List.of("content-type", "retry-after", "date", "server");

    static Outcome response(int status, String retryAfter, long nowMillis) {
        return response(status, retryAfter, nowMillis, List.of(), new byte[0]);
    }

    static Outcome response(int status, String retryAfter, long nowMillis, List<Map.Entry<String, String>> headers,
                            byte[] bodyPrefix) {
        if (status >= 200 && status < 300) return new Outcome("success", status, null, null, headers, bodyPrefix);
        if (status == GONE) return new Outcome("gone", status, "HTTP 410 Gone", null, headers, bodyPrefix);
        return new Outcome("http-error", status, "HTTP " + status, retryAfterMillis(retryAfter, nowMillis), headers,
                bodyPrefix);
    }

    static Outcome failure(Throwable e) {
        if (e instanceof TargetRefusedException) return failed("refused", e.getMessage());
        if (e instanceof TimeoutException || (e.getMessage() != null && e.getMessage().toLowerCase().contains("timeout"))) {
            return failed("timeout", "timeout: " + e.getMessage());
        }
        return failed("connection-error", e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    private static Outcome failed(String label, String error) {
        return new Outcome(label, 0, error, null, List.of(), new byte[0]);
    }

    public boolean succeeded() {
        return status >= 200 && status < 300;
    }

    public boolean gone() {
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
