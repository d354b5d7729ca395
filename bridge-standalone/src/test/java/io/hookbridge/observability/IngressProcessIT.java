package io.hookbridge.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbridge.testing.KafkaBroker;
import io.hookbridge.testing.TestTopics;
import io.hookbridge.testing.TopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static io.hookbridge.observability.MetricsEndpointTest.GITHUB_BODY;
import static io.hookbridge.observability.MetricsEndpointTest.GITHUB_SECRET;
import static io.hookbridge.observability.MetricsEndpointTest.GITHUB_SIGNATURE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The production ingress jar in its own process, as an orchestrator runs it: SIGTERM under a steady stream
 * of signed webhooks loses no acknowledged one and exits 0, and its stdout is JSON lines that say why a
 * request was refused without giving away the secret or the body.
 */
class IngressProcessIT {

    private static final Path JAR = Path.of("..", "bridge-ingress", "target", "hookbridge-ingress.jar");
    private static final int CLIENTS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final List<String> output = new CopyOnWriteArrayList<>();
    private Process process;
    private String inboundTopic;
    private int port;

    @AfterEach
    void kill() {
        if (process != null) process.destroyForcibly();
    }

    /** What one request got: a status, or an I/O failure (connection refused or closed). */
    private record Outcome(String deliveryId, int status, String failure) {
        boolean acknowledged() {
            return status >= 200 && status < 300;
        }
    }

    @Test
    void sigtermUnderLoadLosesNoAcknowledgedWebhookAndExitsZero() throws Exception {
        start();
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicBoolean stopSending = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            Thread client = new Thread(() -> {
                // Each client sends one after the other until the ingress stops answering, bounded in count.
                for (int n = 0; n < 20_000 && !stopSending.get(); n++) {
                    Outcome outcome = send(UUID.randomUUID().toString());
                    outcomes.add(outcome);
                    if (outcome.failure() != null && outcome.failure().startsWith(ConnectException.class.getSimpleName())) {
                        return; // the listener is gone: connection refused
                    }
                }
            }, "webhook-client-" + i);
            client.start();
            clients.add(client);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> outcomes.stream().filter(Outcome::acknowledged).count() >= 200);

        long signalled = System.nanoTime();
        process.toHandle().destroy(); // SIGTERM
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited within 30 s of SIGTERM").isTrue();
        long exitedAfterMs = (System.nanoTime() - signalled) / 1_000_000;
        assertThat(process.exitValue()).as("exit code after a clean stop").isZero();
        for (Thread client : clients) {
            client.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(client.isAlive()).isFalse();
        }
        stopSending.set(true);

        // Every answer was an acknowledgement, a 503 (retry later) or a refused/closed connection: nothing else.
        assertThat(outcomes).allSatisfy(o -> assertThat(o.acknowledged() || o.status() == 503 || o.failure() != null)
                .as("%s", o).isTrue());
        // Once the process is gone, a sender's connection is refused.
        assertThat(send(UUID.randomUUID().toString()).failure()).startsWith(ConnectException.class.getSimpleName());

        Set<String> acknowledged = outcomes.stream().filter(Outcome::acknowledged).map(Outcome::deliveryId)
                .collect(Collectors.toSet());
        try (TopicReader reader = new TopicReader(inboundTopic)) {
            List<ConsumerRecord<byte[], byte[]>> records = reader.readAll(acknowledged.size(), Duration.ofSeconds(30),
                    Duration.ofMillis(500));
            Set<String> stored = records.stream().map(TopicReader::key).collect(Collectors.toSet());
            assertThat(stored).as("every acknowledged webhook is in Kafka").containsAll(acknowledged);
        }
        String log = String.join("\n", output);
        assertThat(log).doesNotContain("unclean stop");
        System.out.printf("graceful stop: %d acknowledged, exited %d ms after SIGTERM, refused: %s%n",
                acknowledged.size(), exitedAfterMs, outcomes.stream().filter(o -> !o.acknowledged())
                        .map(o -> o.failure() != null ? o.failure() : "HTTP " + o.status()).toList());
    }

    @Test
    void aRejectedWebhookIsOneJsonLineWithSourceReasonStatusAndDeliveryIdButNoSecretOrBody() throws Exception {
        // An inbound topic that takes records of at most 2 KiB, so that a genuine webhook can be refused
        // after verification (413), when its delivery id is known.
        String prefix = TestTopics.uniquePrefix();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(prefix + ".inbound", 1, (short) 1)
                    .configs(Map.of("max.message.bytes", "2048")))).all().get(30, TimeUnit.SECONDS);
        }
        start(prefix);

        String forgedId = "forged-" + UUID.randomUUID();
        assertThat(http.send(webhook(forgedId, "sha256=" + "0".repeat(64), "{\"card\":\"4242 4242 4242 4242\"}"),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        String largeId = "large-" + UUID.randomUUID();
        String large = "{\"card\":\"5555 5555 5555 4444\",\"pad\":\"" + "x".repeat(4096) + "\"}";
        assertThat(http.send(webhook(largeId, "sha256=" + hmacSha256Hex(GITHUB_SECRET, large), large),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(413);

        await().atMost(Duration.ofSeconds(10)).until(() -> rejections().size() >= 2);
        List<JsonNode> rejections = rejections();
        assertThat(rejections).hasSize(2);
        // A forged request is refused before its delivery id can be trusted: the line says so with null.
        assertThat(keyValues(rejections.get(0))).containsEntry("source", "github").containsEntry("status", "401")
                .containsEntry("reason", "invalid-signature").containsKey("deliveryId");
        assertThat(keyValues(rejections.get(1))).containsEntry("source", "github").containsEntry("status", "413")
                .containsEntry("reason", "payload-too-large").containsEntry("deliveryId", largeId);
        for (JsonNode line : rejections) {
            assertThat(line.path("level").asText()).isEqualTo("INFO");
            assertThat(line.path("timestamp").asLong()).isPositive();
            assertThat(line.path("loggerName").asText()).endsWith("WebhookHandler");
        }

        // Everything the ingress printed is JSON, one object per line, and no line holds the secret or a body.
        String all = String.join("\n", output);
        assertThat(all).doesNotContain(GITHUB_SECRET, "4242", "5555", "xxxxxxxx");
        for (String line : output) {
            assertThat(JSON.readTree(line).isObject()).as(line).isTrue();
        }
    }

    private List<JsonNode> rejections() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output) {
            JsonNode json = JSON.readTree(line);
            if ("webhook rejected".equals(json.path("formattedMessage").asText())) lines.add(json);
        }
        return lines;
    }

    private static String hmacSha256Hex(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** The key-value pairs of a logback JSON line: {@code "kvpList": [{"key": "value"}, ...]}. */
    private static Map<String, String> keyValues(JsonNode line) {
        Map<String, String> pairs = new java.util.LinkedHashMap<>();
        for (JsonNode pair : line.path("kvpList")) {
            pair.fields().forEachRemaining(e -> pairs.put(e.getKey(), e.getValue().asText()));
        }
        return pairs;
    }

    private void start() throws Exception {
        start(TestTopics.uniquePrefix());
    }

    private void start(String prefix) throws Exception {
        assertThat(JAR).exists();
        inboundTopic = prefix + ".inbound";
        port = freePort();
        Path config = Files.createTempFile("ingress", ".yaml");
        Files.writeString(config, """
                kafka: { bootstrapServers: "%s" }
                topics: { inbound: %s.inbound, events: %s.events, deadLetters: %s.dead-letters, partitions: 3 }
                ingress:
                  port: %d
                  sources:
                    github: { verifier: github, secrets: ["${GITHUB_SECRET}"] }
                """.formatted(KafkaBroker.bootstrapServers(), prefix, prefix, prefix, port));
        ProcessBuilder builder = new ProcessBuilder(java(), "-Xmx256m", "-jar", JAR.toString(), "--config", config.toString())
                .redirectErrorStream(true);
        builder.environment().put("GITHUB_SECRET", GITHUB_SECRET);
        process = builder.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(output::add);
            } catch (IOException ignored) {
                // the process is gone
            }
        }, "ingress-output");
        reader.setDaemon(true);
        reader.start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> ready());
    }

    private boolean ready() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception notYet) {
            return false;
        }
    }

    private Outcome send(String deliveryId) {
        try {
            HttpResponse<Void> response = http.send(webhook(deliveryId, GITHUB_SIGNATURE, GITHUB_BODY),
                    HttpResponse.BodyHandlers.discarding());
            return new Outcome(deliveryId, response.statusCode(), null);
        } catch (IOException e) {
            return new Outcome(deliveryId, -1, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(deliveryId, -1, "interrupted");
        }
    }

    private HttpRequest webhook(String deliveryId, String signature, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/github"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "text/plain")
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", deliveryId)
                .header("X-Hub-Signature-256", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
