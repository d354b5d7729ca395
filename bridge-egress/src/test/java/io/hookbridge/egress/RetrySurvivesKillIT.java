package io.hookbridge.egress;

import io.hookbridge.egress.testing.AdminClient;
import io.hookbridge.egress.testing.EgressFixture;
import io.hookbridge.egress.testing.EventPublisher;
import io.hookbridge.egress.testing.Receiver;
import io.hookbridge.egress.testing.Receiver.Answer;
import io.hookbridge.egress.testing.Receiver.Received;
import io.hookbridge.testing.KafkaBroker;
import io.hookbridge.testing.TestTopics;
import io.hookbridge.testing.TopicReader;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A delivery waiting for its retry survives a SIGKILL of the egress process: the retry lives in a Kafka
 * topic, not in memory, and a restarted egress delivers it. Runs the production jar as an operator would.
 */
class RetrySurvivesKillIT {

    private final Vertx vertx = Vertx.vertx();
    private Process process;
    private Path log;

    @AfterEach
    void cleanUp() throws Exception {
        if (process != null) process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void aPendingRetryIsDeliveredAfterSigkillAndRestart() throws Exception {
        String prefix = TestTopics.uniquePrefix();
        int port = freePort();
        Path config = Files.createTempFile("egress-kill", ".yaml");
        // A short session timeout so that the restarted instance gets the killed one's partitions soon
        // (delivery consumer and stage 1's Kafka Streams alike).
        Files.writeString(config, EgressFixture.yaml(prefix, "{ timeout: 2s, retrySchedule: [5s], allowPrivateTargets: true }",
                port, Files.createTempDirectory("egress-kill-state").toString(),
                "{ session.timeout.ms: \"6000\", heartbeat.interval.ms: \"1000\" }"));
        log = Files.createTempFile("egress-kill", ".log");

        Receiver receiver = Receiver.start(vertx);
        receiver.behave("/kill", (n, inFlight) -> Answer.status(n == 1 ? 500 : 200));

        startEgress(config, port);
        AdminClient admin = new AdminClient(port, EgressFixture.TOKEN);
        String secret = admin.subscribe(receiver.url("/kill"), "kill.ping").getString("secret");
        receiver.expectSecrets("/kill", secret);

        String id;
        try (EventPublisher events = new EventPublisher(prefix + ".events")) {
            id = events.publish("kill.ping", "{\"survive\":true}");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received("/kill").size() == 1);
        try (TopicReader retries = new TopicReader(prefix + ".retry.5s")) {
            List<ConsumerRecord<byte[], byte[]>> pending = retries.readUntil(1, Duration.ofSeconds(10));
            assertThat(pending).hasSize(1);
            assertThat(TopicReader.key(pending.get(0))).isEqualTo(id);
            assertThat(TopicReader.header(pending.get(0), "hookbridge-attempts")).isEqualTo("1");
        }
        // The event's offset is committed: what survives is the retry record, not a redelivery of the event.
        await().atMost(Duration.ofSeconds(10)).until(() -> committedEvents(prefix) == 1);

        process.destroyForcibly(); // SIGKILL
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(receiver.received("/kill")).hasSize(1);

        startEgress(config, port);
        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.idsAnswered2xx("/kill").contains(id));
        List<Received> got = receiver.received("/kill");
        assertThat(got).extracting(Received::status).containsExactly(500, 200);
        assertThat(got).allMatch(Received::verified);

        process.destroy(); // SIGTERM: a clean stop
        assertThat(process.waitFor(40, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(log)).contains("delivery stopped in").doesNotContain("unclean stop");
    }

    private void startEgress(Path config, int port) throws Exception {
        process = new ProcessBuilder(java(), "-Xmx256m", "-jar", Path.of("target", "hookbridge-egress.jar").toString(),
                "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            assertThat(process.isAlive()).as("egress running, log: %s", log).isTrue();
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (Exception notYet) {
                return false;
            }
        });
    }

    private static long committedEvents(String prefix) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(
                    Map.of(prefix + "-egress-delivery", new ListConsumerGroupOffsetsSpec()))
                    .partitionsToOffsetAndMetadata(prefix + "-egress-delivery").get(10, TimeUnit.SECONDS);
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(prefix + ".events") && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
