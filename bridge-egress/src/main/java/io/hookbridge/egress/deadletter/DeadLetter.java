package io.hookbridge.egress.deadletter;

import io.hookbridge.egress.events.Event;
import io.hookbridge.egress.retry.RetryRecords;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;

import java.time.Instant;

import static io.hookbridge.common.kafka.HeaderValues.number;
import static io.hookbridge.common.kafka.HeaderValues.text;

/**
 * A record of {@code topics.deadLetters}, read back ({@link DeadLetterRecords} writes them): what it was,
 * which stage gave up on it and why, and for a delivery, for whom and after how many attempts.
 *
 * @param stage        {@code normalize} (stage 1: not a hookbridge webhook) or {@code delivery} (stage 2)
 * @param subscription null for stage 1's (normalize's)
 */
public record DeadLetter(String stage,
                         Event event,
                         String subscription,
                         String reason,
                         Integer lastStatus,
                         String lastError,
                         int attempts,
                         Instant deadLetteredAt,
                         int partition,
                         long offset) {

    public static DeadLetter of(ConsumerRecord<byte[], byte[]> record) {
        Headers h = record.headers();
        String subscription = text(h, RetryRecords.SUBSCRIPTION);
        // Records written before the stage header: stage 2's (delivery's) always name their subscription.
        String stage = text(h, DeadLetterRecords.STAGE);
        if (stage == null) stage = subscription != null ? DeadLetterRecords.DELIVERY : DeadLetterRecords.NORMALIZE;
        boolean normalize = stage.equals(DeadLetterRecords.NORMALIZE);
        String reason = text(h, DeadLetterRecords.REASON);
        String lastError = text(h, DeadLetterRecords.LAST_ERROR);
        long status = number(h, RetryRecords.LAST_STATUS, -1);
        long at = number(h, DeadLetterRecords.DEAD_LETTERED_AT, record.timestamp());
        return new DeadLetter(stage, Event.of(record), subscription,
                reason == null && normalize ? DeadLetterRecords.NOT_NORMALIZABLE : reason,
                status < 0 ? null : (int) status,
                lastError == null && normalize ? text(h, DeadLetterRecords.MESSAGE) : lastError,
                (int) number(h, RetryRecords.ATTEMPTS, 0), Instant.ofEpochMilli(at), record.partition(), record.offset());
    }

    /** Only a delivery can be tried again: stage 1's records are not events. */
    public boolean replayable() {
        return stage.equals(DeadLetterRecords.DELIVERY) && subscription != null;
    }

    /** Where it is in the topic, {@code partition:offset}. */
    public String ref() {
        return partition + ":" + offset;
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("stage", stage)
                .put("deliveryId", event.id())
                .put("subscription", subscription)
                .put("eventType", event.type().isEmpty() ? null : event.type())
                .put("reason", reason)
                .put("lastStatus", lastStatus)
                .put("lastError", lastError)
                .put("attempts", attempts)
                .put("deadLetteredAt", deadLetteredAt)
                .put("partition", partition)
                .put("offset", offset);
    }
}
