package io.hookbridge.faults;

import io.hookbridge.common.config.ConfigLoader;
import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.metrics.Metrics;
import io.hookbridge.egress.Egress;
import io.hookbridge.testing.KafkaBroker;
import io.hookbridge.testing.TestTopics;
import io.hookbridge.testing.TopicReader;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 1: the ingress is killed with SIGKILL while thousands of requests are in flight, then restarted.
 * Every request that got a 2xx is in topics.inbound, and in topics.events exactly once after the egress
 * catches up.
 */
class IngressKillIT {

    @Test
    void everyAcknowledgedWebhookSurvivesASigkillOfTheIngress() throws Exception {
        int requests = Scale.pick(3000, 20000); // acknowledged ones, about a third of them before the kill
        String prefix = TestTopics.uniquePrefix();
        int port = FaultConfigs.freePort();
        String yaml = FaultConfigs.config(KafkaBroker.bootstrapServers(), prefix, port, 0, "5s");
        var config = FaultConfigs.write(yaml);
        Map<String, String> env = Map.of("FAULT_SECRET", FaultConfigs.SECRET);

        RoleProcess ingress = new RoleProcess("ingress", config, List.of("-Xmx256m"), env).start()
                .awaitReady(port, Duration.ofSeconds(60));
        RoleProcess restarted;
        try (SignedLoad load = new SignedLoad("http://127.0.0.1:" + port + "/webhooks/github", FaultConfigs.SECRET, prefix)) {
            load.start(16, Integer.MAX_VALUE, Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged.size() >= requests / 3);
            ingress.kill();
            int ackedAtKill = load.acknowledged.size();
            restarted = new RoleProcess("ingress", config, List.of("-Xmx256m"), env).start()
                    .awaitReady(port, Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(120)).until(() -> load.acknowledged.size() >= ackedAtKill + requests / 2);
            load.stop();

            Set<String> acknowledged = Set.copyOf(load.acknowledged);
            Set<String> inbound;
            try (TopicReader reader = new TopicReader(prefix + ".inbound")) {
                inbound = reader.readAll(acknowledged.size(), Duration.ofSeconds(60), Duration.ofSeconds(1)).stream()
                        .map(TopicReader::key).collect(Collectors.toSet());
            }
            Set<String> lostInbound = new HashSet<>(acknowledged);
            lostInbound.removeAll(inbound);
            assertThat(lostInbound).as("acknowledged but not in topics.inbound").isEmpty();

            // The egress catches up: every acknowledged id exactly once in topics.events.
            HookbridgeConfig egressConfig = ConfigLoader.parse(Files.readString(config), env);
            Metrics metrics = new Metrics("faults");
            Vertx vertx = metrics.newVertx(new VertxOptions());
            Egress egress = Egress.start(vertx, egressConfig, metrics).await(120, TimeUnit.SECONDS);
            List<ConsumerRecord<byte[], byte[]>> events;
            try (TopicReader reader = new TopicReader(prefix + ".events")) {
                events = reader.readAll(inbound.size(), Duration.ofSeconds(120), Duration.ofSeconds(3));
            } finally {
                egress.stop().await(60, TimeUnit.SECONDS);
                vertx.close().await(10, TimeUnit.SECONDS);
            }
            Map<String, Long> perId = events.stream().collect(Collectors.groupingBy(TopicReader::key, Collectors.counting()));
            long duplicates = events.size() - perId.size();
            Set<String> lostEvents = new HashSet<>(acknowledged);
            lostEvents.removeAll(perId.keySet());

            new Figures("1 ingress SIGKILL under load", load.outcomes.size(), acknowledged.size(),
                    acknowledged.size() - lostEvents.size(), duplicates, lostInbound.size() + lostEvents.size(),
                    "killed after " + ackedAtKill + " acks; " + inbound.size() + " records in inbound (unanswered ones may land too)")
                    .report();
            assertThat(lostEvents).as("acknowledged but not in topics.events").isEmpty();
            assertThat(duplicates).as("duplicates in topics.events").isZero();
        } finally {
            ingress.close();
        }
        restarted.close();
    }
}
