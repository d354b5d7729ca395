package io.hookbridge.egress.deadletter;

import io.hookbridge.egress.events.Event;
import io.hookbridge.egress.retry.RetryRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import static io.hookbridge.common.kafka.HeaderValues.utf8;

/**
 * Writes the one format of {@code topics.deadLetters} for both stages (docs/architecture.md, "Dead letters:
 * one format for both stages"): the record as it was plus the stage, the reason, the error in words and the
 * time. Stage 1's (normalize's) also say where the record was read, under Kafka Streams' KIP-1034 names;
 * stage 2's (delivery's) carry a retry record's delivery headers ({@link RetryRecords}). {@link DeadLetter}
 * reads them. No stack trace: a dead letter is a verdict, not a bug.
 */
public final class DeadLetterRecords {

    /** {@code normalize} or {@code delivery}: the package (stage) that gave up on the record. */
    public static final String STAGE = "hookbridge-dead-letter-stage";
    public static final String REASON = "hookbridge-dead-letter-reason";
    public static final String DEAD_LETTERED_AT = "hookbridge-dead-lettered-at";
    public static final String LAST_ERROR = RetryRecords.LAST_ERROR;

    public static final String NORMALIZE = "normalize";
    public static final String DELIVERY = "delivery";
    public static final String NOT_NORMALIZABLE = "not-normalizable";

    static final String ORIGIN_TOPIC = "__streams.errors.topic";
    static final String ORIGIN_PARTITION = "__streams.errors.partition";
    static final String ORIGIN_OFFSET = "__streams.errors.offset";
    static final String EXCEPTION = "__streams.errors.exception";
    static final String MESSAGE = "__streams.errors.message";

    private DeadLetterRecords() {
    }

    /**
     * Stage 1's (normalize's) dead letter: the inbound record's headers and the ones above.
     *
     * @param originTopic null when the record's origin is not known (then no origin headers)
     */
    public static Headers notNormalizable(Headers inbound, String originTopic, int partition, long offset, Exception reason) {
        Headers headers = new RecordHeaders(inbound.toArray());
        if (originTopic != null) {
            headers.add(ORIGIN_TOPIC, utf8(originTopic));
            headers.add(ORIGIN_PARTITION, utf8(partition));
            headers.add(ORIGIN_OFFSET, utf8(offset));
        }
        headers.add(EXCEPTION, utf8(reason.getClass().getName()));
        headers.add(MESSAGE, utf8(reason.getMessage()));
        verdict(headers, NORMALIZE, NOT_NORMALIZABLE);
        headers.add(LAST_ERROR, utf8(reason.getMessage()));
        return headers;
    }

    /**
     * Stage 2's (delivery's) dead letter of one delivery.
     *
     * @param lastStatus the last attempt's HTTP status, 0 when it got no response or there was no attempt
     */
    public static ProducerRecord<byte[], byte[]> undelivered(String topic, Event event, String subscription, int attemptsMade,
                                                             String reason, int lastStatus, String lastError) {
        Headers headers = RetryRecords.deliveryHeaders(event, subscription, attemptsMade);
        verdict(headers, DELIVERY, reason);
        RetryRecords.lastAttempt(headers, lastStatus, lastError);
        return new ProducerRecord<>(topic, null, event.key(), event.body(), headers);
    }

    private static void verdict(Headers headers, String stage, String reason) {
        headers.add(STAGE, utf8(stage));
        headers.add(REASON, utf8(reason));
        headers.add(DEAD_LETTERED_AT, utf8(System.currentTimeMillis()));
    }
}
