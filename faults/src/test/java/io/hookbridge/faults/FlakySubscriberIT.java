package io.hookbridge.faults;

import io.hookbridge.common.config.ConfigLoader;
import io.hookbridge.common.metrics.Metrics;
import io.hookbridge.common.record.InboundWebhook;
import io.hookbridge.egress.Egress;
import io.hookbridge.egress.testing.AdminClient;
import io.hookbridge.egress.testing.Receiver;
import io.hookbridge.egress.testing.Receiver.Answer;
import io.hookbridge.testing.KafkaBroker;
import io.hookbridge.testing.TestTopics;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 4: a subscriber that fails half the time and sometimes hangs past the delivery timeout, beside a
 * healthy one. Every event reaches the flaky subscriber or its dead letters (none lost), and the healthy
 * subscriber gets every event while the flaky one is still being retried.
 */
class FlakySubscriberIT {

    @Test
    void everyEventIsDeliveredOrDeadLetteredAndTheHealthySubscriberIsNotSlowed() throws Exception {
        int events = Scale.pick(1000, 5000);
        String prefix = TestTopics.uniquePrefix();
        int port = FaultConfigs.freePort();
        String yaml = FaultConfigs.config(KafkaBroker.bootstrapServers(), prefix, 0, port, "5s")
                .replace("delivery: { allowPrivateTargets: true, retrySchedule: [200ms, 400ms] }",
                        "delivery: { allowPrivateTargets: true, timeout: 1s, maxInFlightPerSubscription: 64, retrySchedule: [200ms, 400ms, 800ms],"
                                // The breaker on the same time scale as the schedule: runs of 5 failures are common
                                // at 50 %, and with the default 30 s cool-down (doubling on a failed probe) the flaky
                                // subscription's work would wait minutes, pending rather than lost.
                                + " circuitBreaker: { coolDown: 500ms, maxCoolDown: 2s } }");
        Metrics metrics = new Metrics("faults");
        Vertx vertx = metrics.newVertx(new VertxOptions());
        Receiver receiver = Receiver.start(vertx);
        Random random = new Random(7);
        receiver.behave("/flaky", (attempt, inFlight) -> {
            int roll = random.nextInt(100);
            if (roll < 5) { // hangs past the 1 s delivery timeout
                Promise<Void> hold = Promise.promise();
                vertx.setTimer(2500, t -> hold.complete());
                return new Answer(200, Map.of(), hold.future());
            }
            return Answer.status(roll < 50 ? 503 : 200);
        });
        Egress egress = Egress.start(vertx, ConfigLoader.parse(yaml, Map.of("FAULT_SECRET", FaultConfigs.SECRET)), metrics)
                .await(120, TimeUnit.SECONDS);
        try {
            AdminClient admin = new AdminClient(port, "fault-admin");
            String flakyId = admin.subscribe(receiver.url("/flaky"), "github.*").getString("id");
            admin.subscribe(receiver.url("/healthy"), "*");

            long start = System.nanoTime();
            try (KafkaProducer<byte[], byte[]> producer = EgressKillIT.producer()) {
                for (int i = 0; i < events; i++) {
                    producer.send(new InboundWebhook(prefix + "-" + i, "github", "push", System.currentTimeMillis(),
                            "application/json", Map.of(), ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8))
                            .toRecord(prefix + ".inbound"));
                }
            }
            Set<String> expected = IntStream.range(0, events).mapToObj(i -> prefix + "-" + i).collect(Collectors.toSet());
            await().atMost(Duration.ofSeconds(120)).until(() -> Set.copyOf(receiver.idsAnswered2xx("/healthy")).containsAll(expected));
            long healthyMs = (System.nanoTime() - start) / 1_000_000;
            Set<String> flakyDoneWhenHealthyDone = Set.copyOf(receiver.idsAnswered2xx("/flaky"));

            // The flaky one: each event delivered (a 2xx in time) or dead-lettered, none lost.
            Set<String> deadLettered = new HashSet<>();
            await().atMost(Duration.ofSeconds(120)).until(() -> {
                deadLettered.clear();
                JsonArray data = admin.get("/api/v1/dead-letters?subscription=" + flakyId).body().getJsonArray("data");
                for (int i = 0; i < data.size(); i++) deadLettered.add(((JsonObject) data.getValue(i)).getString("deliveryId"));
                Set<String> accounted = new HashSet<>(deadLettered);
                accounted.addAll(receiver.idsAnswered2xx("/flaky"));
                return accounted.containsAll(expected);
            });
            Set<String> delivered = Set.copyOf(receiver.idsAnswered2xx("/flaky"));
            Set<String> lost = new HashSet<>(expected);
            lost.removeAll(delivered);
            lost.removeAll(deadLettered);

            Set<String> accounted = new HashSet<>(delivered);
            accounted.addAll(deadLettered);
            new Figures("4 flaky subscriber (50 % 503, 5 % hang) beside a healthy one", events, events,
                    accounted.size(), 0, lost.size(),
                    "flaky: " + delivered.size() + " delivered, " + deadLettered.size() + " dead-lettered, "
                            + receiver.received("/flaky").size() + " attempts; healthy got all in " + healthyMs
                            + " ms, when the flaky one had " + flakyDoneWhenHealthyDone.size())
                    .report();
            assertThat(lost).as("events neither delivered nor dead-lettered").isEmpty();
            assertThat(deadLettered).as("with 50 % failures and 3 retries some end in the dead letters").isNotEmpty();
            assertThat(flakyDoneWhenHealthyDone.size()).as("the healthy subscriber did not wait for the flaky one")
                    .isLessThan(events);
        } finally {
            egress.stop().await(60, TimeUnit.SECONDS);
            receiver.close();
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
