package io.hookbridge.faults;

import io.hookbridge.common.record.InboundWebhook;
import io.hookbridge.egress.testing.AdminClient;
import io.hookbridge.egress.testing.Receiver;
import io.hookbridge.testing.KafkaBroker;
import io.hookbridge.testing.TestTopics;
import io.hookbridge.testing.TopicReader;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Scenario 3: the egress process is killed with SIGKILL twice in the middle of a stream of webhooks (each
 * sent once or twice, as providers do) and restarted each time. Every webhook is in topics.events exactly
 * once, and every one reaches the subscriber at least once.
 */
class EgressKillIT {

    @Test
    void eventsExactlyOnceAndDeliveriesAtLeastOnceAcrossTwoKills() throws Exception {
        int webhooks = Scale.pick(3000, 20000);
        String prefix = TestTopics.uniquePrefix();
        int port = FaultConfigs.freePort();
        // Short session timeouts: a restarted instance takes over the killed one's partitions soon.
        String yaml = FaultConfigs.config(KafkaBroker.bootstrapServers(), prefix, 0, port, "5s").replace(
                "kafka: { bootstrapServers: \"" + KafkaBroker.bootstrapServers() + "\" }",
                "kafka:\n  bootstrapServers: \"" + KafkaBroker.bootstrapServers() + "\"\n"
                        + "  consumer: { session.timeout.ms: \"6000\", heartbeat.interval.ms: \"1000\" }\n"
                        + "  streams: { session.timeout.ms: \"6000\", heartbeat.interval.ms: \"1000\" }");
        Path config = FaultConfigs.write(yaml);
        Map<String, String> env = Map.of("FAULT_SECRET", FaultConfigs.SECRET);
        Vertx vertx = Vertx.vertx();
        Receiver receiver = Receiver.start(vertx);
        RoleProcess egress = new RoleProcess("egress", config, List.of("-Xmx256m"), env).start()
                .awaitReady(port, Duration.ofSeconds(90));
        int kills = 0;
        try {
            String secret = new AdminClient(port, "fault-admin").subscribe(receiver.url("/orders"), "github.*")
                    .getString("secret");
            receiver.expectSecrets("/orders", secret);

            int sent = 0;
            try (KafkaProducer<byte[], byte[]> producer = producer()) {
                for (int i = 0; i < webhooks; i++) {
                    InboundWebhook webhook = new InboundWebhook(prefix + "-" + i, "github", "push", System.currentTimeMillis(),
                            "application/json", Map.of(), ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                    producer.send(webhook.toRecord(prefix + ".inbound"));
                    sent++;
                    if (i % 3 == 0) { // a provider's retry of the same delivery
                        producer.send(webhook.toRecord(prefix + ".inbound"));
                        sent++;
                    }
                    if (i == webhooks / 3 || i == 2 * webhooks / 3) {
                        producer.flush();
                        int at = i;
                        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received("/orders").size() >= at / 2);
                        egress.kill();
                        kills++;
                        egress = new RoleProcess("egress", config, List.of("-Xmx256m"), env).start()
                                .awaitReady(port, Duration.ofSeconds(90));
                    }
                }
            }

            Set<String> expected = java.util.stream.IntStream.range(0, webhooks).mapToObj(i -> prefix + "-" + i)
                    .collect(Collectors.toSet());
            List<ConsumerRecord<byte[], byte[]>> events;
            try (TopicReader reader = new TopicReader(prefix + ".events")) {
                events = reader.readAll(webhooks, Duration.ofSeconds(120), Duration.ofSeconds(3));
            }
            Map<String, Long> perId = events.stream().collect(Collectors.groupingBy(TopicReader::key, Collectors.counting()));
            long eventDuplicates = events.size() - perId.size();
            await().atMost(Duration.ofSeconds(120)).until(() -> Set.copyOf(receiver.idsAnswered2xx("/orders")).containsAll(expected));
            List<String> delivered = receiver.idsAnswered2xx("/orders");
            Set<String> missing = new HashSet<>(expected);
            missing.removeAll(perId.keySet());

            new Figures("3 egress SIGKILL twice mid-stream", sent, webhooks, perId.size(), eventDuplicates, missing.size(),
                    kills + " kills; " + delivered.size() + " deliveries for " + webhooks + " events ("
                            + (delivered.size() - Set.copyOf(delivered).size()) + " redelivered, at least once); "
                            + receiver.received("/orders").stream().filter(r -> !r.verified()).count() + " bad signatures")
                    .report();
            assertThat(missing).as("webhooks missing from topics.events").isEmpty();
            assertThat(eventDuplicates).as("duplicates in topics.events").isZero();
            assertThat(receiver.received("/orders")).as("every delivery signed").allMatch(Receiver.Received::verified);
        } finally {
            egress.close();
            receiver.close();
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(KafkaBroker.producerProps(), new ByteArraySerializer(), new ByteArraySerializer());
    }
}
