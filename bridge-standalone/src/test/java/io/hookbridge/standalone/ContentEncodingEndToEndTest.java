package io.hookbridge.standalone;

import com.sun.net.httpserver.HttpServer;
import io.hookbridge.common.config.ConfigLoader;
import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.metrics.Metrics;
import io.hookbridge.common.signature.StandardWebhooks;
import io.hookbridge.egress.Egress;
import io.hookbridge.ingress.Ingress;
import io.hookbridge.testing.KafkaBroker;
import io.hookbridge.testing.TestTopics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gzip body that the sender signed over its compressed bytes goes through both roles as it was sent:
 * the subscriber gets the same bytes with {@code Content-Encoding: gzip}, signed over them.
 */
class ContentEncodingEndToEndTest {

    private static final String SECRET = "gzip-sender-secret";
    private static final String TOKEN = "t";
    private static Vertx vertx;
    private static Ingress ingress;
    private static Egress egress;
    private static HttpServer receiver;
    private static final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final HttpClient http = HttpClient.newHttpClient();

    private record Received(Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.get(0);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new Received(exchange.getRequestHeaders(), exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        String prefix = TestTopics.uniquePrefix();
        HookbridgeConfig config = ConfigLoader.parse("""
                kafka: { bootstrapServers: "%s" }
                topics: { inbound: %s.inbound, events: %s.events, deadLetters: %s.dead-letters, subscriptions: %s.subscriptions, retryPrefix: %s.retry, partitions: 2 }
                ingress:
                  port: 0
                  sources:
                    github: { verifier: github, secrets: ["%s"] }
                egress: { port: 0, adminToken: %s, applicationId: %s-egress, stateDir: %s, delivery: { allowPrivateTargets: true } }
                """.formatted(KafkaBroker.bootstrapServers(), prefix, prefix, prefix, prefix, prefix, SECRET, TOKEN, prefix,
                Files.createTempDirectory("gzip-state")), Map.of());
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
        receiver.stop(0);
    }

    @Test
    void aGzipBodyReachesTheSubscriberAsSentAndSigned() throws Exception {
        HttpResponse<String> subscribed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + egress.port() + "/api/v1/subscriptions"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
                        .put("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook")
                        .put("eventTypes", List.of("github.push")).encode()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(subscribed.statusCode()).isEqualTo(201);
        String subscriberSecret = new JsonObject(subscribed.body()).getString("secret");

        byte[] gzip = gzip("{\"ref\":\"refs/heads/main\"}");
        String deliveryId = UUID.randomUUID().toString();
        HttpResponse<String> sent = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingress.port() + "/webhooks/github"))
                .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                .header("X-GitHub-Event", "push").header("X-GitHub-Delivery", deliveryId)
                .header("X-Hub-Signature-256", "sha256=" + hmacSha256(SECRET, gzip))
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);

        Received delivery = received.poll(60, TimeUnit.SECONDS);
        assertThat(delivery).as("delivered within 60 s").isNotNull();
        assertThat(delivery.body()).isEqualTo(gzip);
        assertThat(delivery.header("Content-encoding")).isEqualTo("gzip");
        assertThat(delivery.header("Content-type")).isEqualTo("application/json");
        assertThat(delivery.header("Webhook-id")).isEqualTo(deliveryId);
        long timestamp = Long.parseLong(delivery.header("Webhook-timestamp"));
        assertThat(delivery.header("Webhook-signature")).isEqualTo(StandardWebhooks.signature(
                List.of(StandardWebhooks.signingKey(subscriberSecret)), deliveryId, timestamp, gzip));
        assertThat(Duration.ofSeconds(Math.abs(System.currentTimeMillis() / 1000 - timestamp))).isLessThan(Duration.ofMinutes(1));
    }

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static String hmacSha256(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
