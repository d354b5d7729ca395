package io.hookbridge.observability;

import io.hookbridge.common.config.ConfigLoader;
import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.metrics.Metrics;
import io.hookbridge.egress.Egress;
import io.hookbridge.ingress.Ingress;
import io.hookbridge.testing.KafkaBroker;
import io.hookbridge.testing.TestTopics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /metrics} of each role, scraped over HTTP after real traffic: the contract's hookbridge meters
 * moved, and JVM, Vert.x and Kafka client metrics are there beside them.
 */
class MetricsEndpointTest {

    /** GitHub's documented test vector: this body under this secret gives this signature. */
    static final String GITHUB_SECRET = "It's a Secret to Everybody";
    static final String GITHUB_BODY = "Hello, World!";
    static final String GITHUB_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<Runnable> cleanup = new ArrayList<>();

    @AfterEach
    void stop() {
        cleanup.forEach(Runnable::run);
    }

    @Test
    void theIngressCountsRequestsByOutcomeAndExposesJvmVertxAndKafkaProducerMetrics() throws Exception {
        HookbridgeConfig config = config();
        Metrics metrics = new Metrics("ingress");
        Vertx vertx = metrics.newVertx(new VertxOptions(), Ingress.VERTX_METRICS_OFF);
        Ingress ingress = Ingress.start(vertx, config, metrics).await(60, TimeUnit.SECONDS);
        cleanup.add(() -> stop(vertx, () -> ingress.stop()));
        String base = "http://127.0.0.1:" + ingress.port();

        assertThat(post(base, UUID.randomUUID().toString(), GITHUB_SIGNATURE).statusCode()).isEqualTo(202);
        assertThat(post(base, UUID.randomUUID().toString(), "sha256=" + "0".repeat(64)).statusCode()).isEqualTo(401);

        PrometheusText scraped = scrape(base);
        assertThat(scraped.value("hookbridge_ingress_requests_total", Map.of("source", "github", "outcome", "accepted")))
                .hasValue(1.0);
        assertThat(scraped.value("hookbridge_ingress_requests_total", Map.of("source", "github", "outcome", "invalid-signature")))
                .hasValue(1.0);
        assertThat(scraped.value("hookbridge_ingress_ack_seconds_count", Map.of())).hasValue(1.0);
        assertThat(scraped.namesStartingWith("hookbridge_ingress_ack_seconds_bucket")).isNotEmpty();
        assertThat(scraped.samples()).anyMatch(s -> s.name().equals("jvm_memory_used_bytes")
                && "heap".equals(s.labels().get("area")) && s.value() > 0);
        // Vert.x's pool metrics stay; its per-request HTTP server metrics are off on the ingress, where the
        // requests are counted above by source and outcome.
        assertThat(scraped.namesStartingWith("vertx_pool_")).isNotEmpty();
        assertThat(scraped.namesStartingWith("vertx_http_server_")).isEmpty();
        assertThat(scraped.namesStartingWith("kafka_producer_")).isNotEmpty();
        assertThat(scraped.samples()).anyMatch(s -> s.name().startsWith("kafka_producer_record_send_total") && s.value() >= 1);
    }

    @Test
    void theEgressExposesJvmAndKafkaStreamsMetrics() throws Exception {
        HookbridgeConfig config = config();
        Metrics metrics = new Metrics("egress");
        Vertx vertx = metrics.newVertx(new VertxOptions(), Egress.VERTX_METRICS_OFF);
        Egress egress = Egress.start(vertx, config, metrics).await(60, TimeUnit.SECONDS);
        cleanup.add(() -> stop(vertx, () -> egress.stop()));
        String base = "http://127.0.0.1:" + egress.port();

        await().atMost(Duration.ofSeconds(60)).until(egress::isRunning);
        PrometheusText scraped = scrape(base);
        assertThat(scraped.namesStartingWith("jvm_memory_used_bytes")).isNotEmpty();
        assertThat(scraped.namesStartingWith("jvm_gc_")).isNotEmpty();
        assertThat(scraped.namesStartingWith("kafka_stream_")).isNotEmpty();
        assertThat(scraped.namesStartingWith("kafka_consumer_")).isNotEmpty();
        assertThat(scraped.namesStartingWith("vertx_http_server_")).isNotEmpty();
    }

    private HookbridgeConfig config() throws Exception {
        String prefix = TestTopics.uniquePrefix();
        return ConfigLoader.parse("""
                kafka: { bootstrapServers: "%s" }
                topics: { inbound: %s.inbound, events: %s.events, deadLetters: %s.dead-letters, partitions: 1 }
                ingress:
                  port: 0
                  sources:
                    github: { verifier: github, secrets: ["${GITHUB_SECRET}"] }
                egress: { port: 0, adminToken: t, applicationId: %s-egress, stateDir: %s }
                """.formatted(KafkaBroker.bootstrapServers(), prefix, prefix, prefix, prefix,
                Files.createTempDirectory("metrics-state")), Map.of("GITHUB_SECRET", GITHUB_SECRET));
    }

    private HttpResponse<String> post(String base, String deliveryId, String signature) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/webhooks/github"))
                .header("Content-Type", "text/plain")
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", deliveryId)
                .header("X-Hub-Signature-256", signature)
                .POST(HttpRequest.BodyPublishers.ofString(GITHUB_BODY))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private PrometheusText scrape(String base) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        return PrometheusText.parse(response.body());
    }

    private static void stop(Vertx vertx, java.util.function.Supplier<io.vertx.core.Future<Void>> role) {
        try {
            role.get().await(30, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
