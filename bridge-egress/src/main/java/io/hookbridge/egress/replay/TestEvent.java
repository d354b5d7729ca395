package io.hookbridge.egress.replay;

import io.hookbridge.egress.events.CloudEventHeaders;
import io.hookbridge.egress.events.Event;
import io.hookbridge.egress.subscription.Subscription;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Instant;
import java.util.UUID;

import static io.hookbridge.common.kafka.HeaderValues.utf8;

/**
 * The event of {@code POST /api/v1/subscriptions/{id}/test}: a CloudEvent of type {@code hookbridge.test}
 * from {@code /hookbridge/hookbridge}, signed like any delivery, with a fresh id ({@code test_...}) and a small
 * JSON body naming the subscription. It is sent directly, never written to {@code topics.events}.
 */
public final class TestEvent {

    public static final String TYPE = "hookbridge.test";

    private TestEvent() {
    }

    public static Event of(Subscription subscription) {
        String id = "test_" + UUID.randomUUID().toString().replace("-", "");
        Instant now = Instant.now();
        byte[] body = new JsonObject().put("type", TYPE).put("subscription", subscription.id())
                .put("message", "a test event sent from the hookbridge admin API").put("sentAt", now.toString())
                .toBuffer().getBytes();
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("test", 0, 0, utf8(id), body);
        record.headers().add(CloudEventHeaders.SPECVERSION, utf8("1.0"))
                .add(CloudEventHeaders.ID, utf8(id))
                .add(CloudEventHeaders.SOURCE, utf8("/hookbridge/hookbridge"))
                .add(CloudEventHeaders.TYPE, utf8(TYPE))
                .add(CloudEventHeaders.TIME, utf8(now.toString()))
                .add(CloudEventHeaders.CONTENT_TYPE, utf8("application/json"));
        return Event.of(record);
    }
}
