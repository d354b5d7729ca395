package io.hookbridge.egress.health;

import io.hookbridge.egress.testing.EgressFixture;
import io.hookbridge.egress.testing.Receiver.Answer;
import io.hookbridge.egress.testing.Receiver.Received;
import io.hookbridge.testing.TopicReader;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The circuit breaker and pause/resume end to end: a real egress on the test broker delivering to a real
 * receiver on 127.0.0.1, watched through the admin API and {@code topics.operations} as an operator would.
 */
class CircuitAndPauseTest {

    private static final String SUBSCRIPTIONS = "/api/v1/subscriptions";
    private static EgressFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new EgressFixture("{ timeout: 3s, retrySchedule: [200ms, 400ms, 1s, 1s, 1s, 1s, 1s, 1s], allowPrivateTargets: true,"
                + " circuitBreaker: { failures: 3, coolDown: 2s, maxCoolDown: 4s }, pauseRecheck: 1s }");
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    private static String source() {
        return "s" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void theCircuitOpensAfterThreeFailuresDefersUntilTheCoolDownThenOneProbeClosesIt() {
        String src = source();
        String id = f.admin.subscribe(f.receiver.url("/breaker"), src + ".*").getString("id");
        List<Long> requests = new ArrayList<>();
        f.receiver.behave("/breaker", (n, inFlight) -> {
            synchronized (requests) {
                requests.add(System.currentTimeMillis());
                return Answer.status(requests.size() <= 3 ? 503 : 200);
            }
        });

        String first = f.events.publish(src + ".order", "{\"n\":0}");
        await().atMost(Duration.ofSeconds(20)).until(() -> health(id).getString("state").equals("circuit-open"));
        JsonObject open = health(id);
        assertThat(open.getInteger("consecutiveFailures")).isEqualTo(3);
        assertThat(open.getJsonObject("lastFailure").getInteger("status")).isEqualTo(503);
        assertThat(open.getJsonObject("lastFailure").getString("error")).isEqualTo("HTTP 503");
        Instant openUntil = Instant.parse(open.getString("circuitOpenUntil"));

        // New work while the circuit is open is deferred, not attempted.
        List<String> more = new ArrayList<>();
        for (int i = 1; i <= 5; i++) more.add(f.events.publish(src + ".order", "{\"n\":" + i + "}"));

        await().atMost(Duration.ofSeconds(30)).until(() -> f.receiver.idsAnswered2xx("/breaker").containsAll(more)
                && f.receiver.idsAnswered2xx("/breaker").contains(first));
        synchronized (requests) {
            assertThat(requests.get(3)).as("no attempt before the cool-down ended")
                    .isGreaterThanOrEqualTo(openUntil.toEpochMilli() - 50);
            assertThat(requests.size()).as("one probe, then the rest: nothing attempted twice").isEqualTo(3 + 6);
        }
        JsonObject closed = health(id);
        assertThat(closed.getString("state")).isEqualTo("active");
        assertThat(closed.getInteger("consecutiveFailures")).isZero();
        assertThat(closed.getString("lastSuccessAt")).isNotNull();
        assertThat(closed.getJsonObject("lastFailure").getInteger("status")).as("the last failure stays visible").isEqualTo(503);

        assertThat(operations(id, 2)).extracting(r -> TopicReader.header(r, "ce_type"))
                .containsExactly("hookbridge.subscription.circuit-opened", "hookbridge.subscription.circuit-closed");
        assertThat(f.counter("hookbridge.subscription.health.changes", "subscription", id, "change", "circuit-opened")).isEqualTo(1.0);
        assertThat(f.counter("hookbridge.delivery.attempts", "subscription", id, "outcome", "http-error"))
                .as("deferrals are not attempts").isEqualTo(3.0);
    }

    @Test
    void nothingIsDroppedWhilePausedAndEverythingIsDeliveredAfterResume() {
        String src = source();
        String id = f.admin.subscribe(f.receiver.url("/paused"), src + ".*").getString("id");
        String before = f.events.publish(src + ".order", "{}");
        await().atMost(Duration.ofSeconds(20)).until(() -> f.receiver.idsAnswered2xx("/paused").contains(before));

        assertThat(f.admin.post(SUBSCRIPTIONS + "/" + id + "/pause", null).status()).isEqualTo(200);
        List<String> whilePaused = new ArrayList<>();
        for (int i = 0; i < 30; i++) whilePaused.add(f.events.publish(src + ".order", "{\"n\":" + i + "}"));

        // Kept in Kafka (deferred to the retry tiers, looked at again every pauseRecheck), not delivered.
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
                .until(() -> f.receiver.received("/paused").size() == 1);
        assertThat(health(id).getString("state")).isEqualTo("paused");

        assertThat(f.admin.post(SUBSCRIPTIONS + "/" + id + "/resume", null).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> new HashSet<>(f.receiver.idsAnswered2xx("/paused")).containsAll(whilePaused));
        assertThat(f.admin.get("/api/v1/dead-letters?subscription=" + id).body().getJsonArray("data")).isEmpty();
        assertThat(f.counter("hookbridge.delivery.attempts", "subscription", id, "outcome", "success"))
                .isGreaterThanOrEqualTo(31.0);
    }

    private static JsonObject health(String id) {
        return f.admin.get(SUBSCRIPTIONS + "/" + id).body().getJsonObject("health");
    }

    /** The CloudEvents about one subscription on topics.operations, in order. */
    static List<ConsumerRecord<byte[], byte[]>> operations(String subscription, int atLeast) {
        try (TopicReader reader = new TopicReader(f.config.topics().operations())) {
            List<ConsumerRecord<byte[], byte[]>> mine = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                reader.readUntil(Integer.MAX_VALUE, Duration.ofMillis(500)).stream()
                        .filter(r -> subscription.equals(TopicReader.key(r))).forEach(mine::add);
                return mine.size() >= atLeast;
            });
            mine.forEach(r -> assertThat(new JsonObject(new String(r.value(), StandardCharsets.UTF_8))
                    .getString("subscription")).isEqualTo(subscription));
            return mine;
        }
    }
}
