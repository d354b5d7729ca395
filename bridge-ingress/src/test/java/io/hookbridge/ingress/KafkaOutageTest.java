package io.hookbridge.ingress;

import io.hookbridge.kafka.embedded.EmbeddedKafka;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.hookbridge.ingress.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka taken away under a running ingress, on a broker of this test's own (the shared one must stay up):
 * requests are answered 503 with Retry-After within {@code ackTimeout}, admission answers 503 overloaded
 * once the in-flight bound is reached, readiness goes down; when the broker is back, readiness comes up and
 * the same producer delivers again, without a restart of the ingress.
 */
class KafkaOutageTest {

    private static EmbeddedKafka kafka;
    private static RunningIngress ingress;

    @BeforeAll
    static void start() throws Exception {
        kafka = new EmbeddedKafka(0, Files.createTempDirectory("outage-kafka"), Map.of()).start();
        ingress = RunningIngress.start("""
                kafka: { bootstrapServers: "%s" }
                topics: { inbound: outage.inbound, partitions: 1 }
                ingress:
                  port: 0
                  ackTimeout: 1s
                  maxInFlight: 1
                  sources:
                    open: { verifier: none, deliveryIdHeader: X-Request-Id }
                """.formatted(kafka.bootstrapServers()), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (ingress != null) ingress.close();
        } finally {
            if (kafka != null) kafka.close();
        }
    }

    private static HttpResponse<String> send(String id) throws Exception {
        return ingress.post("open", "{\"n\":1}", "X-Request-Id", id, "Content-Type", "application/json");
    }

    private static int readiness() throws Exception {
        return ingress.get("/health/ready").statusCode();
    }

    @Test
    void withoutKafkaItAnswers503AndWhenKafkaIsBackTheSameProducerDeliversAgain() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> readiness() == 200);
        assertThat(send("before").statusCode()).isEqualTo(202);

        kafka.stop();

        long started = System.nanoTime();
        HttpResponse<String> refused = send("during-1");
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        JsonObject problem = assertProblem(refused, 503, "kafka-unavailable");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(problem.getString("detail")).contains("1000 ms");
        assertThat(tookMs).as("answered within ackTimeout, well inside a provider's 10 s").isLessThan(5_000);

        // The in-flight bound: with every slot waiting for Kafka, the rest are turned away at once.
        int verticles = Runtime.getRuntime().availableProcessors();
        List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
        for (int i = 0; i < 4 * verticles + 2; i++) {
            burst.add(ingress.postAsync("open", "{}".getBytes(), "X-Request-Id", "burst-" + i));
        }
        List<String> slugs = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> f : burst) {
            HttpResponse<String> r = f.get(30, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            slugs.add(new JsonObject(r.body()).getString("type").replace("/problems/", ""));
        }
        assertThat(slugs).contains("overloaded").allMatch(s -> s.equals("overloaded") || s.equals("kafka-unavailable"));

        await().atMost(Duration.ofSeconds(30)).until(() -> readiness() == 503);

        kafka.start();

        await().atMost(Duration.ofSeconds(60)).until(() -> readiness() == 200);
        List<String> accepted = new ArrayList<>();
        int[] attempt = {0};
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String id = "after-" + attempt[0]++;
            if (send(id).statusCode() == 202) accepted.add(id);
            return !accepted.isEmpty();
        });

        try (InboundTopic inbound = new InboundTopic(kafka.bootstrapServers(), "outage.inbound")) {
            List<String> keys = inbound.newRecords().stream().map(KafkaOutageTest::key).toList();
            // Every 2xx is in Kafka; what was answered 503 may or may not have landed, and is retried by its sender.
            assertThat(keys).contains("before").containsAll(accepted);
        }
    }

    private static String key(ConsumerRecord<byte[], byte[]> record) {
        return new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
