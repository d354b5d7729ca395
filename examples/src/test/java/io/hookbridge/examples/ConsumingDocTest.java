package io.hookbridge.docs;

import io.cloudevents.CloudEvent;
import io.hookbridge.common.config.ConfigLoader;
import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.metrics.Metrics;
import io.hookbridge.deploy.RepoFiles;
import io.hookbridge.egress.Egress;
import io.hookbridge.examples.ConsumeEvents;
import io.hookbridge.ingress.Ingress;
import io.hookbridge.testing.KafkaBroker;
import io.hookbridge.testing.TestTopics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** docs/consuming.md's Java consumer is the compiled {@link ConsumeEvents}, and it reads what the egress wrote. */
class ConsumingDocTest {

    private static final String EXAMPLE = "bridge-standalone/src/test/java/io/hookbridge/examples/ConsumeEvents.java";

    @Test
    void theDocShowsTheExampleExactlyAsCompiled() {
        String source = RepoFiles.read(EXAMPLE);
        String example = source.substring(source.indexOf("// tag::example[]\n") + "// tag::example[]\n".length(),
                source.indexOf("// end::example[]"));
        String doc = RepoFiles.read("docs/consuming.md");
        String marker = "<!-- example: " + EXAMPLE + " -->\n```java\n";
        assertThat(doc).contains(marker);
        int start = doc.indexOf(marker) + marker.length();
        String block = doc.substring(start, doc.indexOf("```\n", start));
        assertThat(block).isEqualTo(example);
        assertThat(example).contains("CloudEventDeserializer", "read_committed");
    }

    @Test
    void theExampleReadsTheEventTheEgressProducedFromARealWebhook() throws Exception {
        String prefix = TestTopics.uniquePrefix();
        HookbridgeConfig config = ConfigLoader.parse("""
                kafka: { bootstrapServers: "%s" }
                topics: { inbound: %s.inbound, events: %s.events, deadLetters: %s.dead-letters, partitions: 2 }
                ingress:
                  port: 0
                  sources:
                    github: { verifier: github, secrets: ["${GITHUB_SECRET}"] }
                egress: { port: 0, adminToken: t, applicationId: %s-egress, stateDir: %s }
                """.formatted(KafkaBroker.bootstrapServers(), prefix, prefix, prefix, prefix,
                Files.createTempDirectory("consume-state")), Map.of("GITHUB_SECRET", "It's a Secret to Everybody"));
        Metrics metrics = new Metrics("test");
        Vertx vertx = metrics.newVertx(new VertxOptions());
        Egress egress = Egress.start(vertx, config, metrics).await(60, TimeUnit.SECONDS);
        Ingress ingress = Ingress.start(vertx, config, metrics).await(60, TimeUnit.SECONDS);
        try {
            String deliveryId = UUID.randomUUID().toString();
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + ingress.port() + "/webhooks/github"))
                    .header("Content-Type", "text/plain")
                    .header("X-GitHub-Event", "push")
                    .header("X-GitHub-Delivery", deliveryId)
                    .header("X-Hub-Signature-256", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")
                    .POST(HttpRequest.BodyPublishers.ofString("Hello, World!"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(202);

            List<CloudEvent> events = new CopyOnWriteArrayList<>();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread consumer = new Thread(() -> ConsumeEvents.consume(KafkaBroker.bootstrapServers(),
                    config.topics().events(), prefix + "-reader", events::add, running::get), "example-consumer");
            consumer.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> !events.isEmpty());
            } finally {
                running.set(false);
                consumer.join(TimeUnit.SECONDS.toMillis(10));
            }
            assertThat(consumer.isAlive()).isFalse();

            assertThat(events).hasSize(1);
            CloudEvent event = events.get(0);
            assertThat(event.getSpecVersion().toString()).isEqualTo("1.0");
            assertThat(event.getId()).isEqualTo(deliveryId);
            assertThat(event.getType()).isEqualTo("github.push");
            assertThat(event.getSource()).hasToString("/hookbridge/github");
            assertThat(event.getDataContentType()).isEqualTo("text/plain");
            assertThat(event.getTime()).isCloseTo(OffsetDateTime.now(), org.assertj.core.api.Assertions.within(1, java.time.temporal.ChronoUnit.MINUTES));
            assertThat(new String(event.getData().toBytes(), StandardCharsets.UTF_8)).isEqualTo("Hello, World!");
        } finally {
            ingress.stop().await(30, TimeUnit.SECONDS);
            egress.stop().await(30, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
