package io.hookbridge.examples;

import io.hookbridge.common.config.ConfigLoader;
import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.metrics.Metrics;
import io.hookbridge.egress.Egress;
import io.hookbridge.ingress.Ingress;
import io.hookbridge.testing.KafkaBroker;
import io.hookbridge.testing.TestTopics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The example as docs/consuming.md runs it ({@code java -jar examples/target/consume-events.jar BOOTSTRAP
 * TOPIC}) against events the real ingress and egress made from a signed webhook on a real broker: it prints
 * each event, and on SIGTERM commits and leaves its group through its shutdown hook.
 */
class ConsumeEventsIT {

    private static final String BODY = "Hello, World!";
    private static HookbridgeConfig config;
    private static Vertx vertx;
    private static Ingress ingress;
    private static Egress egress;

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
                egress: { port: 0, adminToken: t, applicationId: %s-egress, stateDir: "%s" }
                """.formatted(KafkaBroker.bootstrapServers(), prefix, prefix, prefix, prefix, prefix, prefix,
                Files.createTempDirectory("consume-state")), Map.of("GITHUB_SECRET", "It's a Secret to Everybody"));
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
    void theJarPrintsTheEventOfARealWebhookAndCommitsOnSigterm() throws Exception {
        String deliveryId = UUID.randomUUID().toString();
        // GitHub's own test vector: this body under this secret gives this signature.
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + ingress.port() + "/webhooks/github"))
                .header("Content-Type", "text/plain")
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", deliveryId)
                .header("X-Hub-Signature-256", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")
                .POST(HttpRequest.BodyPublishers.ofString(BODY))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);

        Path jar = Path.of("target", "consume-events.jar");
        assertThat(jar).isRegularFile();
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), KafkaBroker.bootstrapServers(), config.topics().events())
                .redirectErrorStream(true).start();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(output::add);
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            // "<id> <type> <time> <body>", one line per event
            await().atMost(Duration.ofSeconds(60)).until(() -> output.stream()
                    .anyMatch(l -> l.startsWith(deliveryId + " github.push ") && l.endsWith(" " + BODY)));

            process.toHandle().destroy(); // SIGTERM, as Ctrl-C
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("stopped after SIGTERM: %s", output).isTrue();
        } finally {
            process.destroyForcibly();
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()))) {
            Map<?, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(ConsumeEvents.GROUP_ID)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            long total = committed.entrySet().stream()
                    .filter(e -> e.getKey().toString().startsWith(config.topics().events() + "-"))
                    .mapToLong(e -> e.getValue().offset()).sum();
            assertThat(total).as("offsets the example committed past the event").isPositive();
            assertThat(admin.describeConsumerGroups(List.of(ConsumeEvents.GROUP_ID)).all().get(30, TimeUnit.SECONDS)
                    .get(ConsumeEvents.GROUP_ID).members()).as("members left after the stop").isEmpty();
        }
    }
}
