package io.hookbridge.standalone;

import io.hookbridge.common.config.ConfigLoader;
import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.metrics.Metrics;
import io.hookbridge.egress.Egress;
import io.hookbridge.ingress.Ingress;
import io.hookbridge.testing.KafkaBroker;
import io.hookbridge.testing.TestTopics;
import io.hookbridge.testing.TopicReader;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The walking skeleton over real HTTP and a real broker: signed POST -> inbound topic -> events topic. */
class EndToEndTest {

    private static final String SECRET = "It's a Secret to Everybody";
    private static Vertx vertx;
    private static Ingress ingress;
    private static Egress egress;
    private static HookbridgeConfig config;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        String prefix = TestTopics.uniquePrefix();
        config = ConfigLoader.parse("""
                kafka: { bootstrapServers: "%s" }
                topics: { inbound: %s.inbound, events: %s.events, deadLetters: %s.dead-letters, subscriptions: %s.subscriptions, retryPrefix: %s.retry, partitions: 2 }
                ingress:
                  port: 0
                  sources:
                    github: { verifier: github, secrets: ["${GITHUB_SECRET}"] }
                egress: { port: 0, adminToken: t, applicationId: %s-egress, stateDir: %s }
                """.formatted(KafkaBroker.bootstrapServers(), prefix, prefix, prefix, prefix, prefix, prefix,
                java.nio.file.Files.createTempDirectory("e2e-state")), Map.of("GITHUB_SECRET", SECRET));
        Metrics metrics = new Metrics("test");
        vertx = metrics.newVertx(new VertxOptions());
        egress = Egress.start(vertx, config, metrics).await(60, TimeUnit.SECONDS);
        ingress = Ingress.start(vertx, config, metrics).await(60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        ingress.stop().await(30, TimeUnit.SECONDS);
        egress.stop().await(30, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void aSignedWebhookIsAcknowledgedStoredAndNormalized() throws Exception {
        String deliveryId = UUID.randomUUID().toString();
        // GitHub's own test vector: this body under this secret gives this signature.
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingress.port() + "/webhooks/github"))
                .header("Content-Type", "text/plain")
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", deliveryId)
                .header("X-Hub-Signature-256", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")
                .POST(HttpRequest.BodyPublishers.ofString("Hello, World!"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).isEqualTo("{\"deliveryId\":\"" + deliveryId + "\"}");

        try (TopicReader inbound = new TopicReader(config.topics().inbound())) {
            List<ConsumerRecord<byte[], byte[]>> records = inbound.readUntil(1, Duration.ofSeconds(30));
            assertThat(records).hasSize(1);
            ConsumerRecord<byte[], byte[]> record = records.get(0);
            assertThat(TopicReader.key(record)).isEqualTo(deliveryId);
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("Hello, World!");
            assertThat(TopicReader.header(record, "hookbridge-source")).isEqualTo("github");
            assertThat(TopicReader.header(record, "hookbridge-event-type")).isEqualTo("push");
            assertThat(TopicReader.header(record, "content-type")).isEqualTo("text/plain");
            assertThat(Long.parseLong(TopicReader.header(record, "hookbridge-received-at")))
                    .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
        }
        try (TopicReader events = new TopicReader(config.topics().events())) {
            List<ConsumerRecord<byte[], byte[]>> records = events.readUntil(1, Duration.ofSeconds(60));
            assertThat(records).hasSize(1);
            ConsumerRecord<byte[], byte[]> event = records.get(0);
            assertThat(TopicReader.key(event)).isEqualTo(deliveryId);
            assertThat(new String(event.value(), StandardCharsets.UTF_8)).isEqualTo("Hello, World!");
            assertThat(TopicReader.header(event, "ce_specversion")).isEqualTo("1.0");
            assertThat(TopicReader.header(event, "ce_id")).isEqualTo(deliveryId);
            assertThat(TopicReader.header(event, "ce_source")).isEqualTo("/hookbridge/github");
            assertThat(TopicReader.header(event, "ce_type")).isEqualTo("github.push");
            assertThat(TopicReader.header(event, "ce_time")).isNotBlank();
            assertThat(TopicReader.header(event, "content-type")).isEqualTo("text/plain");
        }
    }

    @Test
    void aForgedWebhookIsRefusedWithAProblem() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingress.port() + "/webhooks/github"))
                .header("X-GitHub-Delivery", "forged-1")
                .header("X-Hub-Signature-256", "sha256=" + "0".repeat(64))
                .POST(HttpRequest.BodyPublishers.ofString("Hello, World!"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":401", "invalid-signature");
    }
}
