package io.hookbridge.faults;

import io.hookbridge.common.config.ConfigLoader;
import io.hookbridge.egress.retry.RetryTiers;
import io.hookbridge.egress.testing.AdminClient;
import io.hookbridge.egress.testing.Receiver;
import io.hookbridge.egress.testing.Receiver.Answer;
import io.hookbridge.testing.KafkaBroker;
import io.hookbridge.testing.TestTopics;
import io.hookbridge.testing.TopicReader;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 6, delivery isolation: four receivers subscribed to {@code *}: one that accepts connections and
 * never answers, one that answers after 2 s, one that fails half the time, and a healthy one, under a
 * steady load through a real ingress, with the egress at {@code -Xmx256m} and the delivery defaults (15 s
 * timeout, 32 in flight, retries from 5 s). The egress is killed with SIGKILL once in the middle and
 * restarted. The healthy receiver gets every event within seconds of its acknowledgement; every event for
 * the others is delivered, pending (a retry or a deferral not yet consumed, or an event not yet committed),
 * or dead-lettered: none lost.
 */
class IsolationIT {

    @Test
    void oneDeadOneSlowOneFlakySubscriberHoldBackNobodyAndLoseNothing() throws Exception {
        int perSecond = Scale.pick(100, 250);
        int seconds = Scale.pick(36, 150);
        String prefix = TestTopics.uniquePrefix();
        int ingressPort = FaultConfigs.freePort();
        int egressPort = FaultConfigs.freePort();
        String yaml = FaultConfigs.config(KafkaBroker.bootstrapServers(), prefix, ingressPort, egressPort, "5s")
                .replace("delivery: { allowPrivateTargets: true, retrySchedule: [200ms, 400ms] }",
                        "delivery: { allowPrivateTargets: true }")
                .replace("kafka: { bootstrapServers: \"" + KafkaBroker.bootstrapServers() + "\" }",
                        "kafka:\n  bootstrapServers: \"" + KafkaBroker.bootstrapServers() + "\"\n"
                                + "  consumer: { session.timeout.ms: \"6000\", heartbeat.interval.ms: \"1000\" }\n"
                                + "  streams: { session.timeout.ms: \"6000\", heartbeat.interval.ms: \"1000\" }");
        Path config = FaultConfigs.write(yaml);
        Map<String, String> env = Map.of("FAULT_SECRET", FaultConfigs.SECRET);
        List<String> egressJvm = List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError");

        Vertx vertx = Vertx.vertx();
        Receiver receiver = Receiver.start(vertx);
        Promise<Void> never = Promise.promise();
        receiver.behave("/dead", (n, inFlight) -> new Answer(200, Map.of(), never.future()));
        receiver.behave("/slow", (n, inFlight) -> new Answer(200, Map.of(), vertx.timer(2_000).mapEmpty()));
        Random random = new Random(11);
        receiver.behave("/flaky", (n, inFlight) -> Answer.status(random.nextBoolean() ? 500 : 200));

        RoleProcess ingress = new RoleProcess("ingress", config, List.of("-Xmx256m"), env).start();
        RoleProcess egress = new RoleProcess("egress", config, egressJvm, env).start();
        HeapSampler heap = new HeapSampler(egressPort);
        try {
            ingress.awaitReady(ingressPort, Duration.ofSeconds(90));
            egress.awaitReady(egressPort, Duration.ofSeconds(120));
            AdminClient admin = new AdminClient(egressPort, "fault-admin");
            Map<String, String> subscriptions = new HashMap<>(); // path -> subscription id
            for (String path : List.of("/dead", "/slow", "/flaky", "/healthy")) {
                var s = admin.subscribe(receiver.url(path), "*");
                receiver.expectSecrets(path, s.getString("secret"));
                subscriptions.put(path, s.getString("id"));
            }
            heap.start();

            long killedAt;
            long readyAgainAt;
            SignedLoad load = new SignedLoad("http://127.0.0.1:" + ingressPort + "/webhooks/github", FaultConfigs.SECRET, prefix);
            try (load) {
                load.start(8, perSecond * seconds, Duration.ofSeconds(10), perSecond);
                await().atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(200))
                        .until(() -> load.sent() >= perSecond * seconds / 2);
                killedAt = System.currentTimeMillis();
                egress.kill();
                egress = new RoleProcess("egress", config, egressJvm, env).start();
                egress.awaitReady(egressPort, Duration.ofSeconds(120));
                readyAgainAt = System.currentTimeMillis();
                load.awaitDone(Duration.ofSeconds(seconds + 120L));
            }
            Map<String, Long> acknowledgedAt = new HashMap<>();
            for (SignedLoad.Outcome o : load.outcomes) {
                if (o.status() >= 200 && o.status() < 300) acknowledgedAt.put(o.deliveryId(), o.answeredAtMillis());
            }

            // The healthy receiver: every acknowledged event, within seconds.
            try {
                await().atMost(Duration.ofSeconds(120))
                        .until(() -> Set.copyOf(receiver.idsAnswered2xx("/healthy")).containsAll(acknowledgedAt.keySet()));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // reported below with the figures
            }
            Map<String, Long> firstAt = new HashMap<>();
            for (Receiver.Received r : receiver.received("/healthy")) {
                if (r.status() < 300) firstAt.merge(r.id(), r.atMillis(), Math::min);
            }
            List<Long> delays = new ArrayList<>();
            List<Long> delaysOutsideRestart = new ArrayList<>();
            for (Map.Entry<String, Long> e : acknowledgedAt.entrySet()) {
                Long at = firstAt.get(e.getKey());
                if (at == null) continue; // missing: counted below
                long delay = Math.max(0, at - e.getValue());
                delays.add(delay);
                // acknowledged while the egress was down or catching up after its restart
                if (e.getValue() < killedAt - 1_000 || e.getValue() > readyAgainAt + 10_000) delaysOutsideRestart.add(delay);
            }
            delays.sort(null);
            delaysOutsideRestart.sort(null);

            // Freeze the picture: SIGKILL, so only what is committed counts as done.
            egress.kill();
            heap.stop();
            boolean outOfMemory = egress.log().contains("OutOfMemoryError");

            Accounting accounting = Accounting.read(prefix, tiers(prefix, yaml, env));
            StringBuilder others = new StringBuilder();
            Map<String, Set<String>> lost = new HashMap<>();
            for (String path : List.of("/dead", "/slow", "/flaky")) {
                String sub = subscriptions.get(path);
                Set<String> delivered = Set.copyOf(receiver.idsAnswered2xx(path));
                Accounting.Of of = accounting.of(sub, acknowledgedAt.keySet(), delivered);
                lost.put(path, of.lost());
                others.append(String.format("%s: %d delivered, %d pending, %d dead-lettered, %d lost; %d deferrals of %d items"
                                + " (%.2f writes per event); ", path.substring(1), of.delivered(), of.pending(), of.deadLettered(),
                        of.lost().size(), of.deferrals(), of.deferredItems(), of.deferrals() / (double) acknowledgedAt.size()));
            }
            Accounting.Of healthy = accounting.of(subscriptions.get("/healthy"), acknowledgedAt.keySet(),
                    Set.copyOf(receiver.idsAnswered2xx("/healthy")));
            others.append(String.format("healthy: %d missing (%d pending, %d dead-lettered); %d deferrals of %d items; ",
                    acknowledgedAt.size() - healthy.delivered(), healthy.pending(), healthy.deadLettered(), healthy.deferrals(),
                    healthy.deferredItems()));
            String notes = String.format("%d of the acknowledged in topics.events; ", accounting.eventsFound(acknowledgedAt.keySet()))
                    + String.format("%d/s for %d s, SIGKILL + restart of the egress at %d s (down %d ms);"
                            + " healthy got %d of %d, delay p50 %d ms, p99 %d ms, max %d ms (outside the restart: p99 %d ms,"
                            + " max %d ms); %segress heap max %d MiB of 256%s",
                    perSecond, seconds, (killedAt - heap.startedAt) / 1000, readyAgainAt - killedAt,
                    firstAt.size(), acknowledgedAt.size(), pct(delays, 50), pct(delays, 99), pct(delays, 100),
                    pct(delaysOutsideRestart, 99), pct(delaysOutsideRestart, 100), others, heap.maxMiB(),
                    outOfMemory ? ", OutOfMemoryError" : "");
            long lostTotal = lost.values().stream().mapToLong(Set::size).sum();
            new Figures("6 isolation: dead, 2 s, 50 % failing and healthy subscribers, egress SIGKILL once",
                    load.outcomes.size(), acknowledgedAt.size(), firstAt.size(), 0, lostTotal, notes).report();

            assertThat(outOfMemory).as("the egress ran out of memory").isFalse();
            assertThat(lost).allSatisfy((path, ids) -> assertThat(ids).as("lost for " + path).isEmpty());
            assertThat(firstAt.keySet()).containsAll(acknowledgedAt.keySet());
            // "Within a few seconds": 3 to 4 s here on an idle host; 5.6 s with one core taken by a busy loop, as a
            // slower shared CI host may be (docs/reliability.md, scenario 6).
            assertThat(pct(delaysOutsideRestart, 100)).as("the healthy receiver's delay outside the restart, ms")
                    .isLessThan(8_000);
        } finally {
            heap.stop();
            never.complete();
            egress.close();
            ingress.close();
            receiver.close();
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    /** The retry tiers of the config's schedule. */
    private static List<String> tiers(String prefix, String yaml, Map<String, String> env) {
        return new RetryTiers(prefix + ".retry", ConfigLoader.parse(yaml, env).egress().delivery().retrySchedule()).topics();
    }

    private static long pct(List<Long> sorted, int percentile) {
        if (sorted.isEmpty()) return -1;
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
