package io.hookbridge.bench;

import io.hookbridge.common.config.ConfigLoader;
import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.config.KafkaSettings;
import io.hookbridge.common.kafka.KafkaClients;
import io.hookbridge.common.metrics.Metrics;
import io.hookbridge.egress.Egress;
import io.hookbridge.egress.attempts.AttemptRecord;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code JourneyBench BOOTSTRAP WORKDIR}: the delivery log's queries with {@value #ATTEMPTS} attempts in
 * {@code topics.attempts}, written directly to the topic ({@value #EVENTS} events on {@code topics.events}, 4
 * attempts each over {@value #SUBSCRIPTIONS} subscriptions, spread over the last 6 days). Measures the start-up
 * of a fresh egress until its index answers for the last record (a new instance, or a lost state dir), the
 * index's size on disk, then the time of {@code GET /api/v1/events/{id}} (the event's journey: index look-ups
 * plus one read of the event from {@code topics.events}), of a page of a subscription's attempts and of its
 * stats, each asked {@value #QUERIES} times for random ids, one at a time, over HTTP.
 */
public final class JourneyBench {

    private static final int ATTEMPTS = Integer.getInteger("journey.attempts", 1_000_000);
    private static final int PER_EVENT = 4;
    private static final int EVENTS = ATTEMPTS / PER_EVENT;
    private static final int SUBSCRIPTIONS = 100;
    private static final int QUERIES = 500;

    private JourneyBench() {
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1); // the egress's threads would keep the JVM alive after main failed
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        String bootstrap = args[0];
        String run = "bench.j." + UUID.randomUUID().toString().substring(0, 6);
        int port = freePort();
        String yaml = """
                kafka: { bootstrapServers: "%s" }
                topics: { inbound: %s.inbound, events: %s.events, deadLetters: %s.dead-letters,
                          subscriptions: %s.subscriptions, retryPrefix: %s.retry, attempts: %s.attempts, partitions: 6 }
                egress:
                  port: %d
                  adminToken: bench
                  secretsKey: AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=
                  applicationId: %s
                  stateDir: "%%s"
                  delivery: { allowPrivateTargets: true }
                """.formatted(bootstrap, run, run, run, run, run, run, port, run);
        Metrics metrics = new Metrics("bench");
        Vertx vertx = metrics.newVertx(new VertxOptions());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        // 1. An egress that creates the topics and the subscriptions, stopped before the log is written.
        HookbridgeConfig config = config(yaml, Files.createTempDirectory(Path.of(args[1]), "journey-state-a"));
        Egress egress = Egress.start(vertx, config, metrics).await(120, TimeUnit.SECONDS);
        List<String> subscriptions = new ArrayList<>();
        for (int i = 0; i < SUBSCRIPTIONS; i++) {
            JsonObject created = new JsonObject(send(http, port, "POST", "/api/v1/subscriptions",
                    "{\"url\":\"http://127.0.0.1:9/hook\",\"eventTypes\":[\"bench.never\"]}").body());
            subscriptions.add(created.getString("id"));
        }
        egress.stop().await(60, TimeUnit.SECONDS);

        // 2. The log: 1M attempt records and their events, written directly.
        long written = System.nanoTime();
        List<String> ids = write(config, subscriptions);
        System.out.printf("RESULT journey_log_written attempts=%d events=%d in %.1f s%n", ATTEMPTS, EVENTS,
                (System.nanoTime() - written) / 1e9);

        // 3. A fresh egress (empty state dir) indexes it all: start-up until the last event's journey is complete.
        Path state = Files.createTempDirectory(Path.of(args[1]), "journey-state-b");
        long started = System.nanoTime();
        egress = Egress.start(vertx, config(yaml, state), metrics).await(120, TimeUnit.SECONDS);
        String last = ids.get(ids.size() - 1);
        while (true) {
            HttpResponse<String> r = send(http, port, "GET", "/api/v1/events/" + last, null);
            if (r.statusCode() == 200 && new JsonObject(r.body()).getJsonArray("attempts").size() == PER_EVENT) break;
            Thread.sleep(200);
        }
        double startup = (System.nanoTime() - started) / 1e9;
        System.out.printf("RESULT journey_index_startup attempts=%d seconds=%.1f (%.0f attempts/s) disk=%d MB%n",
                ATTEMPTS, startup, ATTEMPTS / startup, size(state.resolve("attempt-index")) / (1024 * 1024));

        // 4. The queries, one at a time, random ids.
        Random random = new Random(7);
        time(http, port, "event_journey", () -> "/api/v1/events/" + ids.get(random.nextInt(ids.size())));
        time(http, port, "subscription_attempts_page50",
                () -> "/api/v1/subscriptions/" + subscriptions.get(random.nextInt(SUBSCRIPTIONS)) + "/attempts?limit=50");
        time(http, port, "subscription_attempts_failed_page50",
                () -> "/api/v1/subscriptions/" + subscriptions.get(random.nextInt(SUBSCRIPTIONS)) + "/attempts?limit=50&status=failure");
        time(http, port, "subscription_stats",
                () -> "/api/v1/subscriptions/" + subscriptions.get(random.nextInt(SUBSCRIPTIONS)) + "/stats");
        egress.stop().await(60, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static HookbridgeConfig config(String yaml, Path state) {
        return ConfigLoader.parse(yaml.formatted(state), Map.of());
    }

    /** Each event once on topics.events, and 4 attempts of it: 3 failures (one of them a timeout) then a success. */
    private static List<String> write(HookbridgeConfig config, List<String> subscriptions) throws Exception {
        Map<String, Object> props = KafkaClients.producer(new KafkaSettings(config.kafka().bootstrapServers(), null, null, null), "journey-bench");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        List<String> ids = new ArrayList<>(EVENTS);
        long now = System.currentTimeMillis();
        long span = TimeUnit.DAYS.toMillis(6);
        byte[] body = ("{\"action\":\"push\",\"padding\":\"" + "x".repeat(150) + "\"}").getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < EVENTS; i++) {
                String id = "evt-" + i + "-" + UUID.randomUUID();
                ids.add(id);
                long at = now - span + span * i / EVENTS;
                producer.send(new ProducerRecord<>(config.topics().events(), null, at, utf8(id), body, event(id, at)));
                String subscription = subscriptions.get(i % subscriptions.size());
                for (int n = 1; n <= PER_EVENT; n++) {
                    boolean ok = n == PER_EVENT;
                    AttemptRecord a = new AttemptRecord(subscription, id, "bench.journey", n,
                            Instant.ofEpochMilli(at + n * 1000L).toString(), ok ? 12.5 : n == 2 ? 15000.0 : 3.2,
                            ok ? "success" : n == 2 ? "timeout" : "http-error", ok ? Integer.valueOf(200) : n == 2 ? null : Integer.valueOf(503),
                            ok ? null : n == 2 ? "timeout: idle" : "HTTP 503",
                            Map.of("content-type", "application/json"), ok ? "{\"ok\":true}" : "{\"error\":\"maintenance\"}", null);
                    producer.send(new ProducerRecord<>(config.topics().attempts(), null, at + n * 1000L, utf8(subscription), a.toBytes()));
                }
            }
            producer.flush();
        }
        return ids;
    }

    private static RecordHeaders event(String id, long at) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", utf8("1.0"));
        headers.add("ce_id", utf8(id));
        headers.add("ce_source", utf8("/hookbridge/bench"));
        headers.add("ce_type", utf8("bench.journey"));
        headers.add("ce_time", utf8(Instant.ofEpochMilli(at).toString()));
        headers.add("content-type", utf8("application/json"));
        return headers;
    }

    private static void time(HttpClient http, int port, String name, java.util.function.Supplier<String> path) throws Exception {
        for (int i = 0; i < QUERIES / 5; i++) send(http, port, "GET", path.get(), null); // warm-up
        long[] micros = new long[QUERIES];
        for (int i = 0; i < QUERIES; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = send(http, port, "GET", path.get(), null);
            micros[i] = (System.nanoTime() - t0) / 1000;
            if (r.statusCode() != 200) throw new IllegalStateException(name + ": " + r.statusCode() + " " + r.body());
        }
        Arrays.sort(micros);
        System.out.printf("RESULT journey_query %s attempts=%d n=%d p50=%.2fms p99=%.2fms max=%.2fms%n", name, ATTEMPTS, QUERIES,
                micros[QUERIES / 2] / 1000.0, micros[(int) (QUERIES * 0.99)] / 1000.0, micros[QUERIES - 1] / 1000.0);
    }

    private static HttpResponse<String> send(HttpClient http, int port, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer bench").header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            // File.length() is 0 for a file compaction deleted meanwhile.
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
