package io.hookbridge.ingress;

import io.hookbridge.testing.KafkaBroker;
import io.hookbridge.testing.TestTopics;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.StreamResetException;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;

import static io.hookbridge.ingress.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each limit against clients that misbehave on purpose, over real sockets against a real broker: timeouts
 * close the connection, a 413 closes it (HTTP/1.1) or resets the stream (h2c), the body budget answers 503
 * with Retry-After, control characters in values that become headers are refused naming the field.
 */
class HostileClientsTest {

    private static final int MAX_BODY = 65_536;
    /** One event loop per core, as the ingress deploys them; each gets 128 KiB of body budget. */
    private static final int LOOPS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final String STRIPE_SECRET = "whsec_hostile";
    /** Far more than loopback's socket buffers hold, so a server that kept reading would take all of it. */
    private static final long UPLOAD = 256L << 20;

    private static RunningIngress ingress;
    private static InboundTopic inbound;
    private static int port;
    private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

    @BeforeAll
    static void start() throws Exception {
        String prefix = TestTopics.uniquePrefix();
        ingress = RunningIngress.start(config(prefix, false), Map.of());
        inbound = new InboundTopic(KafkaBroker.bootstrapServers(), ingress.config().topics().inbound());
        port = ingress.ingress().port();
    }

    private static String config(String prefix, boolean h2c) {
        return """
                kafka: { bootstrapServers: "%s" }
                topics: { inbound: %s.inbound, partitions: 1 }
                ingress:
                  port: 0
                  maxBodyBytes: %d
                  smallBodyBytes: 4096
                  maxBodyBytesInFlight: %d
                  headerTimeout: 500ms
                  bodyTimeout: 1s
                  idleTimeout: 2s
                  h2c: %s
                  sources:
                    open:   { verifier: none, deliveryIdHeader: X-Request-Id, eventTypeHeader: X-Event }
                    stripe: { verifier: stripe, secrets: ["%s"], tolerance: 5m }
                """.formatted(KafkaBroker.bootstrapServers(), prefix, MAX_BODY, LOOPS * 131_072, h2c, STRIPE_SECRET);
    }

    @AfterAll
    static void stop() throws Exception {
        inbound.close();
        ingress.close();
    }

    @BeforeEach
    void forgetEarlierRecords() {
        inbound.newRecords();
    }

    @org.junit.jupiter.api.AfterEach
    void stopTrickle() {
        trickle.shutdownNow();
    }

    @Test
    void connectionsThatSendNothingOrHalfAHeadAreClosed() throws Exception {
        try (RawConnection silent = RawConnection.open(port);
             RawConnection halfHead = RawConnection.open(port)) {
            halfHead.send("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(halfHead.readResponse().status()).isEqualTo(200);
            halfHead.send("POST /webhooks/open HTTP/1.1\r\nHost: x\r\n");
            // One header byte every 100 ms: the connection is never idle, but its next head is never complete.
            trickle.scheduleAtFixedRate(() -> sendQuietly(halfHead, "X"), 100, 100, TimeUnit.MILLISECONDS);
            long started = System.nanoTime();
            assertThat(halfHead.closedWithin(Duration.ofSeconds(5))).as("half a head, trickled").isTrue();
            assertThat(silent.closedWithin(Duration.ofSeconds(5))).as("nothing sent").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
            assertThat(halfHead.bytesAfter.size()).as("nothing answered to half a head").isZero();
        }
    }

    @Test
    void aKeptAliveConnectionIsClosedOnceIdle() throws Exception {
        try (RawConnection connection = RawConnection.open(port)) {
            connection.send("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(connection.readResponse().status()).isEqualTo(200);
            connection.send("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(connection.readResponse().status()).as("kept alive between requests").isEqualTo(200);
            assertThat(connection.closedWithin(Duration.ofSeconds(5))).as("closed after idleTimeout").isTrue();
        }
    }

    @Test
    void aBodyThatTricklesIsCutAtTheBodyTimeoutWith408() throws Exception {
        try (RawConnection connection = RawConnection.open(port)) {
            connection.send("POST /webhooks/open HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"a\":");
            trickle.scheduleAtFixedRate(() -> sendQuietly(connection, " "), 100, 100, TimeUnit.MILLISECONDS);
            long started = System.nanoTime();
            RawConnection.Response response = connection.readResponse();
            assertThat(response.status()).isEqualTo(408);
            assertThat(new JsonObject(response.body()).getString("type")).endsWith("/request-timeout");
            assertThat(response.headers()).containsEntry("connection", "close");
            assertThat(connection.closedWithin(Duration.ofSeconds(5))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void a413OnHttp11ClosesTheConnectionInsteadOfReadingTheUpload() throws Exception {
        // Declared too large, and a second request pipelined behind it: 413 at once, nothing more answered.
        try (RawConnection connection = RawConnection.open(port)) {
            connection.send("POST /webhooks/open HTTP/1.1\r\nHost: x\r\nContent-Length: " + (MAX_BODY + 1) + "\r\n\r\n"
                    + "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
            RawConnection.Response response = connection.readResponse();
            assertThat(response.status()).isEqualTo(413);
            assertThat(response.headers()).containsEntry("connection", "close");
            assertThat(connection.closedWithin(Duration.ofSeconds(5))).isTrue();
            assertThat(connection.bytesAfter.toString(StandardCharsets.ISO_8859_1)).as("no later request answered").isEmpty();
        }
        // Chunked, as fast as the socket takes it: cut off after the socket buffers fill, never read to its end.
        try (RawConnection connection = RawConnection.open(port)) {
            connection.send("POST /webhooks/open HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
            AtomicReference<Long> sentBeforeFailure = new AtomicReference<>();
            Thread uploader = new Thread(() -> sentBeforeFailure.set(upload(connection, UPLOAD)));
            uploader.start();
            RawConnection.Response response = connection.readResponse();
            assertProblem413(response);
            assertThat(connection.closedWithin(Duration.ofSeconds(5))).isTrue();
            uploader.join(10_000);
            assertThat(sentBeforeFailure.get()).as("the upload was cut off, not read to its end").isLessThan(UPLOAD);
        }
    }

    @Test
    void a413OnH2cAnswersThenResetsTheStreamAndKeepsTheConnection() throws Exception {
        // h2c is off by default: an ingress of its own, with it on.
        RunningIngress h2cIngress = RunningIngress.start(config(TestTopics.uniquePrefix(), true), Map.of());
        Vertx vertx = Vertx.vertx();
        try {
            HttpClient client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                    .setHttp2ClearTextUpgrade(false).setDefaultPort(h2cIngress.ingress().port()).setDefaultHost("127.0.0.1"));
            AtomicReference<Throwable> writeError = new AtomicReference<>();
            HttpClientResponse response = client.request(HttpMethod.POST, "/webhooks/open").compose(request -> {
                request.setChunked(true);
                request.exceptionHandler(writeError::set);
                Buffer chunk = Buffer.buffer(new byte[16_384]);
                for (int i = 0; i < 128; i++) request.write(chunk);
                return request.response();
            }).await(10, TimeUnit.SECONDS);
            assertThat(response.version()).isEqualTo(HttpVersion.HTTP_2);
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.getHeader("content-type")).isEqualTo("application/problem+json");
            // The stream ends with RST_STREAM NO_ERROR (0), not PROTOCOL_ERROR.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> writeError.get() != null);
            assertThat(writeError.get()).isInstanceOf(StreamResetException.class);
            assertThat(((StreamResetException) writeError.get()).getCode()).isZero();
            // The connection itself stays usable.
            HttpClientResponse live = client.request(HttpMethod.GET, "/health/live")
                    .compose(r -> r.send()).await(10, TimeUnit.SECONDS);
            assertThat(live.statusCode()).isEqualTo(200);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
            h2cIngress.close();
        }
    }

    @Test
    void slowLargeBodiesCannotTakeTheBudgetFromSmallWebhooks() throws Exception {
        // Each event loop holds at most one large (> smallBodyBytes) body: its budget is 128 KiB, three quarters
        // of it for large bodies. Three times as many slow 64 KiB uploads as loops: most are refused at once,
        // the others are held until bodyTimeout (408).
        List<RawConnection> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 3 * LOOPS; i++) {
                RawConnection connection = RawConnection.open(port);
                slow.add(connection);
                connection.send("POST /webhooks/open HTTP/1.1\r\nHost: x\r\nContent-Length: " + MAX_BODY + "\r\n\r\n{");
            }
            // Meanwhile genuine small webhooks are taken.
            for (int i = 0; i < 2 * LOOPS; i++) {
                HttpResponse<String> small = ingress.post("open", "{\"small\":true}", "X-Request-Id", "small-" + i);
                assertThat(small.statusCode()).as(small.body()).isEqualTo(202);
            }
            Map<Integer, Integer> answers = new java.util.TreeMap<>();
            for (RawConnection connection : slow) {
                RawConnection.Response response = connection.readResponse();
                answers.merge(response.status(), 1, Integer::sum);
                if (response.status() == 503) {
                    assertThat(response.headers()).containsEntry("retry-after", "1").containsEntry("connection", "close");
                    assertThat(new JsonObject(response.body()).getString("type")).endsWith("/overloaded");
                }
            }
            assertThat(answers.keySet()).as("answers %s", answers).containsOnly(503, 408);
            assertThat(answers.get(503)).as("slow large bodies refused at once (answers %s)", answers).isGreaterThanOrEqualTo(2 * LOOPS);
        } finally {
            for (RawConnection connection : slow) connection.close();
        }
    }

    @Test
    void controlCharactersInValuesThatBecomeHeadersAreRefusedNamingTheField() throws Exception {
        long t = System.currentTimeMillis() / 1000;
        String crlfId = "{\"id\":\"evt_1\\r\\nX-Injected-Id: 1\",\"type\":\"charge.succeeded\"}";
        assertThat(assertProblem(postStripe(crlfId, t), 400, "invalid-header-value").getString("detail"))
                .startsWith("delivery id holds a control character (0x0d");
        String foldedType = "{\"id\":\"evt_2\",\"type\":\"ok\\n\\tfolded\"}";
        assertThat(assertProblem(postStripe(foldedType, t), 400, "invalid-header-value").getString("detail"))
                .startsWith("event type holds a control character (0x0a");
        String longId = "{\"id\":\"" + "e".repeat(600) + "\",\"type\":\"charge.succeeded\"}";
        assertThat(assertProblem(postStripe(longId, t), 400, "invalid-header-value").getString("detail"))
                .startsWith("delivery id is 600 characters long");
        String delType = "{\"id\":\"evt_3\",\"type\":\"a\u007fb\"}";
        assertThat(assertProblem(postStripe(delType, t), 400, "invalid-header-value").getString("detail"))
                .startsWith("event type holds a control character (0x7f");
        // TAB passes HTTP's own header parsing (DEL does not): refused all the same.
        for (String bad : List.of("a\tb")) {
            try (RawConnection connection = RawConnection.open(port)) {
                connection.send("POST /webhooks/open HTTP/1.1\r\nHost: x\r\nX-Request-Id: ok-1\r\nX-Event: " + bad
                        + "\r\nContent-Length: 2\r\n\r\n{}");
                RawConnection.Response response = connection.readResponse();
                assertThat(response.status()).as(bad + ": " + response.headers() + response.body()).isEqualTo(400);
                assertThat(new JsonObject(response.body()).getString("detail")).startsWith("event type holds a control character");
            }
        }
        assertThat(inbound.newRecords()).as("nothing refused is written").isEmpty();
    }

    @Test
    void theContentEncodingOfTheRequestIsKeptOnTheRecord() throws Exception {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write("{\"compressed\":true}".getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = ingress.post("open", gzipped.toByteArray(), "X-Request-Id", "gzip-1",
                "Content-Type", "application/json", "Content-Encoding", "gzip");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        List<ConsumerRecord<byte[], byte[]>> records = inbound.newRecords();
        assertThat(records).hasSize(1);
        assertThat(records.get(0).value()).as("the body as sent, still gzip").isEqualTo(gzipped.toByteArray());
        assertThat(new String(records.get(0).headers().lastHeader("content-encoding").value(), StandardCharsets.UTF_8)).isEqualTo("gzip");
        assertThat(new String(records.get(0).headers().lastHeader("content-type").value(), StandardCharsets.UTF_8)).isEqualTo("application/json");
    }

    @Test
    void aBodyInManyChunksWithinTheLimitIsStoredByteForByte() throws Exception {
        byte[] body = new byte[MAX_BODY];
        new java.util.Random(7).nextBytes(body);
        try (RawConnection connection = RawConnection.open(port)) {
            connection.send("POST /webhooks/open HTTP/1.1\r\nHost: x\r\nX-Request-Id: chunks-1\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int at = 0; at < body.length; at += 1000) {
                int n = Math.min(1000, body.length - at);
                connection.send(Integer.toHexString(n) + "\r\n");
                connection.send(java.util.Arrays.copyOfRange(body, at, at + n));
                connection.send("\r\n");
            }
            connection.send("0\r\n\r\n");
            assertThat(connection.readResponse().status()).isEqualTo(202);
        }
        List<ConsumerRecord<byte[], byte[]>> records = inbound.newRecords();
        assertThat(records).hasSize(1);
        assertThat(records.get(0).value()).isEqualTo(body);
    }

    private static HttpResponse<String> postStripe(String body, long t) throws Exception {
        return ingress.post("stripe", body, "Content-Type", "application/json", "Stripe-Signature", Signers.stripe(STRIPE_SECRET, t, body));
    }

    private static void assertProblem413(RawConnection.Response response) {
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.headers()).containsEntry("connection", "close").containsEntry("content-type", "application/problem+json");
        assertThat(new JsonObject(response.body()).getString("type")).endsWith("/payload-too-large");
    }

    /** Sends {@code total} bytes in 16 KiB chunks; returns how many were sent before the connection failed. */
    private static long upload(RawConnection connection, long total) {
        byte[] data = new byte[16_384];
        byte[] chunk = ("4000\r\n" + new String(data, StandardCharsets.ISO_8859_1) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        long sent = 0;
        try {
            while (sent < total) {
                connection.send(chunk);
                sent += data.length;
            }
            connection.send("0\r\n\r\n");
        } catch (IOException cutOff) {
            return sent;
        }
        return sent;
    }

    private static void sendQuietly(RawConnection connection, String ascii) {
        try {
            connection.send(ascii);
        } catch (IOException closed) {
            // the server closed it: what the test waits for
        }
    }
}
