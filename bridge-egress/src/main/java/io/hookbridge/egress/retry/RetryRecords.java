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

    /** The event's own headers, whose delivery it is and how many attempts it has had. */
    public static Headers deliveryHeaders(Event event, String subscription, int attemptsMade) {
        Headers headers = new RecordHeaders();
        for (Header h : event.headers()) {
            headers.add(h);
        }
        headers.add(SUBSCRIPTION, utf8(subscription));
        headers.add(ATTEMPTS, utf8(attemptsMade));
        return headers;
    }

    public static void lastAttempt(Headers headers, int status, String error) {
        if (status > 0) headers.add(LAST_STATUS, utf8(status));
        if (error != null) headers.add(LAST_ERROR, utf8(error));
    }

    /** The subscription a retry record is for, or null when it has none. */
    public static String subscription(ConsumerRecord<byte[], byte[]> record) {
        return text(record.headers(), SUBSCRIPTION);
    }

    public static int attempts(ConsumerRecord<byte[], byte[]> record) {
        return (int) number(record.headers(), ATTEMPTS, 0);
    }

    /** The dead letter a replayed delivery came from, or null. */
    public static String replayOf(ConsumerRecord<byte[], byte[]> record) {
        return text(record.headers(), REPLAY_OF);
    }

    /** When it is due, epoch millis; 0 (due now) when the header is missing. */
    public static long dueAt(ConsumerRecord<byte[], byte[]> record) {
        return number(record.headers(), DUE_AT, 0);
    }
}
