package io.hookbridge.egress.retry;

import io.hookbridge.egress.events.Event;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import static io.hookbridge.common.kafka.HeaderValues.number;
import static io.hookbridge.common.kafka.HeaderValues.text;
import static io.hookbridge.common.kafka.HeaderValues.utf8;

/**
 * The format of a record on a retry tier, writer and reader: the event as it was (key, value, its own
 * headers) plus headers that say for whom, how far it got and when it is due, so that a record explains
 * itself (as Kafka Connect's {@code __connect.errors.*} headers do). Delivery's dead letters carry the same.
 */
public final class RetryRecords {

    public static final String SUBSCRIPTION = "hookbridge-subscription";
    /** Attempts made so far (0 for a replay: the schedule starts again). */
    public static final String ATTEMPTS = "hookbridge-attempts";
    /** When a retry is due, epoch millis. */
    public static final String DUE_AT = "hookbridge-due-at";
    /** The HTTP status of the last attempt; absent when it got no response. */
    public static final String LAST_STATUS = "hookbridge-last-status";
    /** What went wrong in the last attempt, in words. */
    public static final String LAST_ERROR = "hookbridge-last-error";
    /** On a replayed retry record: the dead letter it came from, {@code partition:offset}. */
    public static final String REPLAY_OF = "hookbridge-replay-of";
    /**
     * On a deferred record: why it was deferred ({@code lane-full}, {@code circuit-open}, ...). A deferral is not
     * an attempt: the attempt count is the one the work had.
     */
    public static final String DEFERRED = "hookbridge-deferred";

    static final int MAX_SUBSCRIPTION_CHARS = 200;

    private RetryRecords() {
    }

    /**
     * A delivery that failed and has attempts left.
     *
     * @param lastStatus the last attempt's HTTP status, 0 when it got no response
     * @param replayOf   the dead letter a replayed delivery came from, or null
     */
    public static ProducerRecord<byte[], byte[]> retry(String tier, Event event, String subscription, int attemptsMade,
                                                       long dueAt, int lastStatus, String lastError, String replayOf) {
        Headers headers = deliveryHeaders(event, subscription, attemptsMade);
        headers.add(DUE_AT, utf8(dueAt));
        lastAttempt(headers, lastStatus, lastError);
        if (replayOf != null) headers.add(REPLAY_OF, utf8(replayOf));
        return new ProducerRecord<>(tier, null, event.key(), event.body(), headers);
    }

    /**
     * Work a subscription could not take now, kept for later: attempts unchanged, why in {@link #DEFERRED}.
     *
     * @param replayOf the dead letter a replayed delivery came from, or null
     */
    public static ProducerRecord<byte[], byte[]> deferred(String tier, Event event, String subscription, int attemptsMade,
                                                          long dueAt, String reason, String replayOf) {
        Headers headers = deliveryHeaders(event, subscription, attemptsMade);
        headers.add(DUE_AT, utf8(dueAt));
        headers.add(DEFERRED, utf8(reason));
        if (replayOf != null) headers.add(REPLAY_OF, utf8(replayOf));
        return new ProducerRecord<>(tier, null, event.key(), event.body(), headers);
    }

    /** A dead letter back into a tier, due now, with a fresh schedule. */
    public static ProducerRecord<byte[], byte[]> replay(String tier, Event event, String subscription, String deadLetterRef) {
        Headers headers = deliveryHeaders(event, subscription, 0);
        headers.add(DUE_AT, utf8(System.currentTimeMillis()));
        headers.add(REPLAY_OF, utf8(deadLetterRef));
        return new ProducerRecord<>(tier, null, event.key(), event.body(), headers);
    }

    /** The event's own headers, whose delivery it is (when known) and how many attempts it has had. */
    public static Headers deliveryHeaders(Event event, String subscription, int attemptsMade) {
        Headers headers = new RecordHeaders();
        for (Header h : event.headers()) {
            headers.add(h);
        }
        if (subscription != null) headers.add(SUBSCRIPTION, utf8(subscription));
        headers.add(ATTEMPTS, utf8(attemptsMade));
        return headers;
    }

    public static void lastAttempt(Headers headers, int status, String error) {
        if (status > 0) headers.add(LAST_STATUS, utf8(status));
        if (error != null) headers.add(LAST_ERROR, utf8(error));
    }

    /**
     * A retry record as read, checked: for whom, after how many attempts, when due, whether it was deferred
     * or replayed. Throws {@link Malformed} with the reason in words when a header is missing or garbled.
     */
    public static Retry read(ConsumerRecord<byte[], byte[]> record) throws Malformed {
        String subscription = text(record.headers(), SUBSCRIPTION);
        if (subscription == null || subscription.isBlank()) throw new Malformed("no " + SUBSCRIPTION + " header");
        if (subscription.length() > MAX_SUBSCRIPTION_CHARS || subscription.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            throw new Malformed(SUBSCRIPTION + " is not a subscription id");
        }
        long attempts = decimal(record, ATTEMPTS);
        if (attempts > Integer.MAX_VALUE) throw new Malformed(ATTEMPTS + " is out of range");
        long dueAt = decimal(record, DUE_AT);
        return new Retry(subscription, (int) attempts, dueAt, text(record.headers(), REPLAY_OF),
                text(record.headers(), DEFERRED));
    }

    private static long decimal(ConsumerRecord<byte[], byte[]> record, String header) throws Malformed {
        String value = text(record.headers(), header);
        if (value == null) throw new Malformed("no " + header + " header");
        try {
            long n = Long.parseLong(value.trim());
            if (n < 0) throw new Malformed(header + " is negative: " + clip(value));
            return n;
        } catch (NumberFormatException e) {
            throw new Malformed(header + " is not a decimal number: " + clip(value));
        }
    }

    private static String clip(String value) {
        String printable = value.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "...";
    }

    /** The subscription a record names, when it names one readably: a malformed record's dead letter keeps it. */
    public static String subscription(ConsumerRecord<byte[], byte[]> record) {
        return text(record.headers(), SUBSCRIPTION);
    }

    /** What a retry record says about its delivery (see {@link #read}). */
    public record Retry(String subscription, int attempts, long dueAt, String replayOf, String deferred) {
    }

    /** A retry record that cannot be acted on; the message says why, for its dead letter. */
    public static final class Malformed extends Exception {
        public Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
