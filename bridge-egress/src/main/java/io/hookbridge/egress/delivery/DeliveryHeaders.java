package io.hookbridge.egress.delivery;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;

/**
 * Kafka headers that hookbridge adds to retry and dead-letter records beside the event's own
 * ({@code ce_*}, {@code content-type}), so that a record explains itself (as Kafka Connect's
 * {@code __connect.errors.*} headers do).
 */
public final class DeliveryHeaders {

    /** Our own headers share this prefix; everything else on a record belongs to the event. */
    public static final String PREFIX = "hookbridge-";
    public static final String SUBSCRIPTION = "hookbridge-subscription";
    /** Attempts made so far (0 for a replay: the schedule starts again). */
    public static final String ATTEMPTS = "hookbridge-attempts";
    /** When a retry is due, epoch millis. */
    public static final String DUE_AT = "hookbridge-due-at";
    /** The HTTP status of the last attempt; absent when it got no response. */
    public static final String LAST_STATUS = "hookbridge-last-status";
    /** What went wrong in the last attempt, in words. */
    public static final String LAST_ERROR = "hookbridge-last-error";
    /** Why a delivery was dead-lettered: {@code retries-exhausted}, {@code gone}, {@code subscription-disabled}. */
    public static final String REASON = "hookbridge-dead-letter-reason";
    public static final String DEAD_LETTERED_AT = "hookbridge-dead-lettered-at";
    /** On a replayed retry record: the dead letter it came from, {@code partition:offset}. */
    public static final String REPLAY_OF = "hookbridge-replay-of";

    private DeliveryHeaders() {
    }

    public static String text(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    public static long number(Headers headers, String name, long fallback) {
        String value = text(headers, name);
        if (value == null) return fallback;
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    public static byte[] bytes(Object value) {
        return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
    }
}
