package io.hookbridge.egress.deadletter;

import io.hookbridge.egress.delivery.DeliveryHeaders;
import io.hookbridge.egress.delivery.Event;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;

import java.time.Instant;

/** A delivery in {@code topics.deadLetters}: the event as it was, for whom, and why it gave up. */
public record DeadLetter(Event event,
                         String subscription,
                         String reason,
                         Integer lastStatus,
                         String lastError,
                         int attempts,
                         Instant deadLetteredAt,
                         int partition,
                         long offset) {

    /** Null for records of the topic that are not failed deliveries (e.g. what stage 1 could not normalize). */
    public static DeadLetter of(ConsumerRecord<byte[], byte[]> record) {
        Headers h = record.headers();
        String subscription = DeliveryHeaders.text(h, DeliveryHeaders.SUBSCRIPTION);
        if (subscription == null) return null;
        long status = DeliveryHeaders.number(h, DeliveryHeaders.LAST_STATUS, -1);
        long at = DeliveryHeaders.number(h, DeliveryHeaders.DEAD_LETTERED_AT, record.timestamp());
        return new DeadLetter(Event.of(record), subscription, DeliveryHeaders.text(h, DeliveryHeaders.REASON),
                status < 0 ? null : (int) status, DeliveryHeaders.text(h, DeliveryHeaders.LAST_ERROR),
                (int) DeliveryHeaders.number(h, DeliveryHeaders.ATTEMPTS, 0), Instant.ofEpochMilli(at),
                record.partition(), record.offset());
    }

    /** Where it is in the topic, {@code partition:offset}. */
    public String ref() {
        return partition + ":" + offset;
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("deliveryId", event.id())
                .put("subscription", subscription)
                .put("eventType", event.type())
                .put("reason", reason)
                .put("lastStatus", lastStatus)
                .put("lastError", lastError)
                .put("attempts", attempts)
                .put("deadLetteredAt", deadLetteredAt)
                .put("partition", partition)
                .put("offset", offset);
    }
}
