package io.hookbridge.egress.health;

import io.hookbridge.egress.testing.EgressFixture;
import io.hookbridge.egress.testing.Receiver.Answer;
import io.hookbridge.testing.TopicReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Auto-disable with a short {@code disableAfter}: a receiver that only fails is disabled through the
 * subscription table, its pending work is dead-lettered with reason {@code subscription-disabled}, and the
 * change is written to {@code topics.operations}.
 */
class AutoDisableTest {

    private static EgressFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new EgressFixture("{ timeout: 3s, retrySchedule: [300ms, 300ms, 300ms, 300ms, 300ms, 300ms, 300ms, 300ms,"
                + " 300ms, 300ms, 300ms, 300ms, 300ms, 300ms, 300ms, 300ms, 300ms, 300ms, 300ms, 300ms],"
                + " allowPrivateTargets: true, circuitBreaker: { failures: 1000 }, disableAfter: 2s }");
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void failingWithoutASuccessForDisableAfterDisablesAndDeadLettersThePendingWork() {
        String src = "s" + UUID.randomUUID().toString().substring(0, 8);
        String id = f.admin.subscribe(f.receiver.url("/broken"), src + ".*").getString("id");
        f.receiver.behave("/broken", (n, inFlight) -> Answer.status(500));
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) events.add(f.events.publish(src + ".order", "{\"n\":" + i + "}"));

        await().atMost(Duration.ofSeconds(30)).until(() ->
                !f.admin.get("/api/v1/subscriptions/" + id).body().getBoolean("enabled"));
        JsonObject disabled = f.admin.get("/api/v1/subscriptions/" + id).body();
        assertThat(disabled.getString("disabledReason")).contains("no successful delivery since").contains("disableAfter");
        assertThat(disabled.getJsonObject("health").getString("state")).isEqualTo("disabled");
        assertThat(disabled.getJsonObject("health").getJsonObject("lastFailure").getInteger("status")).isEqualTo(500);

        // Every event is accounted for: dead-lettered for this subscription, because it was disabled.
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters(id).size() == events.size());
        assertThat(deadLetters(id)).allSatisfy(d -> assertThat(d.getString("reason")).isEqualTo("subscription-disabled"));
        assertThat(deadLetters(id).stream().map(d -> d.getString("deliveryId")).toList())
                .containsExactlyInAnyOrderElementsOf(events);

        try (TopicReader reader = new TopicReader(f.config.topics().operations())) {
            List<ConsumerRecord<byte[], byte[]>> mine = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                reader.readUntil(Integer.MAX_VALUE, Duration.ofMillis(500)).stream()
                        .filter(r -> id.equals(TopicReader.key(r))).forEach(mine::add);
                return !mine.isEmpty();
            });
            assertThat(mine).singleElement().satisfies(r -> {
                assertThat(TopicReader.header(r, "ce_type")).isEqualTo("hookbridge.subscription.disabled");
                JsonObject data = new JsonObject(new String(r.value(), StandardCharsets.UTF_8));
                assertThat(data.getString("reason")).isEqualTo(disabled.getString("disabledReason"));
                assertThat(data.getJsonObject("lastFailure").getInteger("status")).isEqualTo(500);
            });
        }
        assertThat(f.counter("hookbridge.subscription.health.changes", "subscription", id, "change", "disabled")).isEqualTo(1.0);
    }

    private static List<JsonObject> deadLetters(String subscription) {
        JsonArray data = f.admin.get("/api/v1/dead-letters?subscription=" + subscription).body().getJsonArray("data");
        return data.stream().map(o -> (JsonObject) o).toList();
    }
}
