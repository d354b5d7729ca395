package io.hookbridge.egress.delivery;

import io.hookbridge.egress.retry.RetryRecords;
import io.hookbridge.egress.subscription.Subscription;
import io.hookbridge.egress.testing.EgressFixture;
import io.hookbridge.testing.TopicReader;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The two seams of delivery on a real egress: a {@link SubscriptionGate} that holds a subscription defers
 * its work durably (not an attempt) and is told every attempt's outcome; an {@link AttemptListener} hears
 * each attempt once, with the start of the receiver's answer.
 */
class SeamsTest {

    /** A gate that defers the subscriptions it holds for a second, and remembers the outcomes it is told. */
    static final class Holding implements SubscriptionGate {
        final Set<String> held = ConcurrentHashMap.newKeySet();
        final List<String> recorded = new CopyOnWriteArrayList<>();

        @Override
        public Admission admit(Subscription subscription, long nowMillis) {
            return held.contains(subscription.id()) ? Admission.defer(nowMillis + 1_000, "paused") : Admission.GO;
        }

        @Override
        public void record(Subscription subscription, Outcome outcome, long nowMillis) {
            recorded.add(subscription.id() + ":" + outcome.label());
        }
    }

    private static final Holding gate = new Holding();
    private static final List<AttemptListener.Attempt> attempts = new CopyOnWriteArrayList<>();
    private static EgressFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new EgressFixture("{ timeout: 3s, retrySchedule: [200ms, 400ms], allowPrivateTargets: true }", gate, attempts::add);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    private static String source() {
        return "s" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aHeldSubscriptionsWorkIsDeferredDurablyAndDeliveredOnceLetThrough() {
        String src = source();
        JsonObject s = f.admin.subscribe(f.receiver.url("/held"), src + ".*");
        f.receiver.expectSecrets("/held", s.getString("secret"));
        String sub = s.getString("id");
        gate.held.add(sub);
        String id = f.events.publish(src + ".paused", "{}");

        // Due in a second: longer than the 200 ms tier reaches (240 ms), so on the last tier.
        try (TopicReader reader = new TopicReader(f.prefix + ".retry.400ms")) {
            ConsumerRecord<byte[], byte[]> deferred = reader.readUntil(1, Duration.ofSeconds(20)).stream()
                    .filter(r -> id.equals(TopicReader.key(r))).findFirst().orElseThrow();
            assertThat(TopicReader.header(deferred, RetryRecords.DEFERRED)).isEqualTo("paused");
            assertThat(TopicReader.header(deferred, RetryRecords.ATTEMPTS)).as("not an attempt").isEqualTo("0");
            assertThat(TopicReader.header(deferred, RetryRecords.SUBSCRIPTION)).isEqualTo(sub);
        }
        assertThat(f.receiver.received("/held")).isEmpty();
        assertThat(f.counter("hookbridge.delivery.deferred", "subscription", sub, "reason", "paused")).isPositive();

        gate.held.remove(sub);
        await().atMost(Duration.ofSeconds(20)).until(() -> f.receiver.idsAnswered2xx("/held").contains(id));
        // the receiver counts the 2xx before the egress has read it
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.recorded.contains(sub + ":success"));
        assertThat(gate.recorded).filteredOn(r -> r.startsWith(sub)).containsExactly(sub + ":success");
    }

    @Test
    void theListenerHearsEachAttemptOnceWithTheStartOfTheAnswer() throws Exception {
        String src = source();
        String big = "0123456789".repeat(500);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        HttpServer talkative = f.vertx.createHttpServer().requestHandler(request -> {
            if (calls.incrementAndGet() == 1) {
                request.response().setStatusCode(503).putHeader("Retry-After", "0").putHeader("Content-Type", "text/plain")
                        .putHeader("X-Other", "not kept").end(big);
            } else {
                request.response().setStatusCode(200).end("ok");
            }
        }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        try {
            String sub = f.admin.subscribe("http://127.0.0.1:" + talkative.actualPort() + "/hook", src + ".*").getString("id");
            String id = f.events.publish(src + ".said", "{\"a\":1}");

            await().atMost(Duration.ofSeconds(20)).until(() -> attempts.stream()
                    .filter(a -> a.subscriptionId().equals(sub)).anyMatch(a -> a.outcome().succeeded()));
            List<AttemptListener.Attempt> mine = attempts.stream().filter(a -> a.subscriptionId().equals(sub)).toList();
            assertThat(mine).extracting(AttemptListener.Attempt::number).containsExactly(1, 2);
            AttemptListener.Attempt first = mine.get(0);
            assertThat(first.event().id()).isEqualTo(id);
            assertThat(first.event().type()).isEqualTo(src + ".said");
            assertThat(first.event().body()).hasSize(7);
            assertThat(first.outcome().status()).isEqualTo(503);
            assertThat(first.outcome().error()).isEqualTo("HTTP 503");
            assertThat(new String(first.outcome().responseBody(), StandardCharsets.UTF_8)).isEqualTo(big.substring(0, 1024));
            assertThat(first.outcome().responseHeaders()).extracting(Map.Entry::getKey)
                    .contains("retry-after", "content-type").doesNotContain("x-other");
            assertThat(first.durationNanos()).isPositive();
            assertThat(first.startedAtMillis()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
            assertThat(first.replay()).isFalse();
            assertThat(new String(mine.get(1).outcome().responseBody(), StandardCharsets.UTF_8)).isEqualTo("ok");
            assertThat(gate.recorded).containsSubsequence(sub + ":http-error", sub + ":success");
        } finally {
            talkative.close().await(10, TimeUnit.SECONDS);
        }
    }
}
