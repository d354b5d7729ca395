package io.hookbridge.bench;

import io.hookbridge.common.config.ConfigLoader;
import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.config.KafkaSettings;
import io.hookbridge.common.kafka.KafkaClients;
import io.hookbridge.common.metrics.Metrics;
import io.hookbridge.egress.Egress;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@code Stage2Bench BOOTSTRAP WORKDIR}: egress stage 2, signed deliveries to a local keep-alive receiver.
 * Phase 1, throughput: a burst of events to {@value #SUBSCRIPTIONS} subscriptions, rate taken between 40 %
 * and 90 % of the deliveries (after the JIT's warm-up). Phase 2, latency: a steady {@value #STEADY_RATE} events/s, p50/p99 of the time
 * from an event's write to topics.events until the receiver has it (what stage 2 adds).
 * <p>
 * {@code -Dstage2.dead=N}: the first N subscriptions point to a receiver that accepts connections and never
 * answers. The rate is then the other subscriptions' deliveries per second between 40 % and 90 % of theirs,
 * or 0 when they do not reach 40 % within a minute (without isolation they stop altogether); the latency
 * phase is skipped.
 */
public final class Stage2Bench {

    private static final int EVENTS = Integer.getInteger("stage2.events", 100_000);
    /**
     * {@code -Dstage2.warmup=N}: N events to every subscription delivered before the burst, not measured, so that the
     * rate is the one of a warm egress (the JIT's first minute is not what a long-running egress costs). Default 0.
     */
    private static final int WARMUP = Integer.getInteger("stage2.warmup", 0);
    private static final int SUBSCRIPTIONS = 4;
    private static final int STEADY_RATE = 1000;
    private static final int STEADY_SECONDS = 10;
    private static final int DEAD = Integer.getInteger("stage2.dead", 0);
    /** {@code -Dstage2.attemptLog=false}: without the delivery log (egress.attempts.enabled), for bench/delivery-log.sh. */
    private static final boolean ATTEMPT_LOG = Boolean.parseBoolean(System.getProperty("stage2.attemptLog", "true"));

    private Stage2Bench() {
    }

    /** Answers 204 to every POST on keep-alive connections; counts deliveries and their latency. */
    static final class Receiver extends VerticleBase {
        static final AtomicLong received = new AtomicLong();
        static volatile long[] latencyMicros = new long[0];
        static final AtomicLong latencyCount = new AtomicLong();
        private final int port;

        Receiver(int port) {
            this.port = port;
        }

        @Override
        public Future<?> start() {
            return vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
                received.incrementAndGet();
                long[] sink = latencyMicros;
                if (sink.length > 0) {
                    String sent = req.getHeader("ce-time");
                    long micros = (System.currentTimeMillis() - Instant.parse(sent).toEpochMilli()) * 1000;
                    long i = latencyCount.getAndIncrement();
                    if (i < sink.length) sink[(int) i] = micros;
                }
                req.response().setStatusCode(204).end();
            })).listen(port, "127.0.0.1");
        }
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1); // the egress's threads would keep the JVM alive after main failed
        }
    }

    private static void run(String[] args) throws Exception {
        String bootstrap = args[0];
        String run = "bench.s2." + UUID.randomUUID().toString().substring(0, 6);
        int receiverPort = freePort();
        int egressPort = freePort();
        Vertx receiverVertx = Vertx.vertx();
        receiverVertx.deployVerticle(() -> new Receiver(receiverPort), new DeploymentOptions().setInstances(2))
                .await(30, TimeUnit.SECONDS);
        int deadPort = freePort();
        // accepts connections and requests, never answers
        receiverVertx.createHttpServer().requestHandler(req -> { }).listen(deadPort, "127.0.0.1").await(30, TimeUnit.SECONDS);

        Path state = Files.createTempDirectory(Path.of(args[1]), "stage2-state");
        HookbridgeConfig config = ConfigLoader.parse("""
                kafka: { bootstrapServers: "%s" }
                topics: { inbound: %s.inbound, events: %s.events, deadLetters: %s.dead-letters,
                          subscriptions: %s.subscriptions, retryPrefix: %s.retry, attempts: %s.attempts, partitions: 6 }
                egress:
                  port: %d
                  adminToken: bench
                  applicationId: %s
                  stateDir: "%s"
                  delivery: { allowPrivateTargets: true, maxInFlightPerSubscription: 128, timeout: 5s, retrySchedule: [1s, 2s] }
                  attempts: { enabled: %s }
                """.formatted(bootstrap, run, run, run, run, run, run, egressPort, run, state, ATTEMPT_LOG), Map.of());
        Metrics metrics = new Metrics("bench");
        Vertx vertx = metrics.newVertx(new VertxOptions(), Egress.VERTX_METRICS_OFF);
        Egress egress = Egress.start(vertx, config, metrics).await(120, TimeUnit.SECONDS);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < SUBSCRIPTIONS; i++) {
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + egressPort + "/api/v1/subscriptions"))
                    .header("Authorization", "Bearer bench")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"http://127.0.0.1:"
                            + (i < DEAD ? deadPort : receiverPort) + "/hook/" + i + "\",\"eventTypes\":[\"*\"]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() != 201) throw new IllegalStateException("subscription: " + created.body());
        }

        Map<String, Object> props = KafkaClients.producer(new KafkaSettings(bootstrap, null, null, null), "stage2-bench");
        props.remove("linger.ms");
        byte[] body = ("{\"action\":\"push\",\"padding\":\"" + "x".repeat(990) + "\"}").getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            long warm = (long) WARMUP * (SUBSCRIPTIONS - DEAD);
            if (WARMUP > 0) {
                for (int i = 0; i < WARMUP; i++) producer.send(event(config.topics().events(), "warmup-" + i, body));
                producer.flush();
                waitFor(warm);
                Receiver.received.addAndGet(-warm); // every figure below counts from here
            }
            // Phase 1: throughput
            long total = (long) EVENTS * SUBSCRIPTIONS;
            for (int i = 0; i < EVENTS; i++) {
                producer.send(event(config.topics().events(), "burst-" + i, body));
            }
            producer.flush();
            if (DEAD > 0) {
                // The other subscriptions' rate measured as in the healthy run (40 % to 90 % of their deliveries),
                // comparable per subscription; a build that stalls beside the dead one does not reach the marks.
                long others = (long) EVENTS * (SUBSCRIPTIONS - DEAD);
                Rate rate = reaches(others * 4 / 10) ? rateBetween(others * 4 / 10, others * 9 / 10, 1) : null;
                System.out.printf("RESULT stage2_deliveries_beside_dead dead=%d of %d subscriptions rate=%.0f (the other %d"
                                + " subscriptions, from 40 %% to 90 %% of their deliveries), delivered=%d of %d%s%n",
                        DEAD, SUBSCRIPTIONS, rate == null ? 0 : rate.perSecond(), SUBSCRIPTIONS - DEAD,
                        Receiver.received.get(), others, rate == null ? ": stalled (40 % not reached in a minute)" : ", " + rate.cpu());
                System.exit(0);
            }
            Rate rate = rateBetween(total * 4 / 10, total * 9 / 10);
            System.out.printf("RESULT stage2_signed_deliveries deliveries=%d subscriptions=%d attemptLog=%s warmup=%d rate=%.0f, %s, %.0f deferrals%n",
                    total, SUBSCRIPTIONS, ATTEMPT_LOG, warm, rate.perSecond(), rate.cpu(),
                    metrics.registry().find("hookbridge.delivery.deferred").counters().stream().mapToDouble(c -> c.count()).sum());
            waitFor(total);

            // Phase 2: latency at a steady rate
            long steadyEvents = (long) STEADY_RATE * STEADY_SECONDS;
            Receiver.latencyMicros = new long[(int) (steadyEvents * SUBSCRIPTIONS)];
            Receiver.latencyCount.set(0);
            long start = System.nanoTime();
            for (int i = 0; i < steadyEvents; i++) {
                long due = start + i * 1_000_000_000L / STEADY_RATE;
                long early = due - System.nanoTime();
                if (early > 0) LockSupport.parkNanos(early);
                producer.send(event(config.topics().events(), "steady-" + i, body));
            }
            waitFor(total + steadyEvents * SUBSCRIPTIONS);
            long[] latencies = Arrays.copyOf(Receiver.latencyMicros, (int) Math.min(Receiver.latencyCount.get(), Receiver.latencyMicros.length));
            Arrays.sort(latencies);
            System.out.printf("RESULT stage2_added_latency rate=%d/s x %d subscriptions p50=%.1fms p99=%.1fms%n",
                    STEADY_RATE, SUBSCRIPTIONS, latencies[latencies.length / 2] / 1000.0,
                    latencies[(int) (latencies.length * 0.99)] / 1000.0);
        }
        egress.stop().await(60, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
        System.exit(0);
    }

    private static ProducerRecord<byte[], byte[]> event(String topic, String id, byte[] body) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_id", id.getBytes(StandardCharsets.UTF_8));
        headers.add("ce_source", "/hookbridge/github".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_type", "github.push".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_time", Instant.now().toString().getBytes(StandardCharsets.UTF_8));
        headers.add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topic, null, id.getBytes(StandardCharsets.UTF_8), body, headers);
    }

    /** Whether {@code count} deliveries are reached within a minute. */
    private static boolean reaches(long count) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (Receiver.received.get() < count) {
            if (System.nanoTime() > deadline) return false;
            LockSupport.parkNanos(1_000_000);
        }
        return true;
    }

    private static Rate rateBetween(long from, long to) {
        return rateBetween(from, to, 5);
    }

    /** Deliveries per second from the {@code from}th to the {@code to}th; 0 when {@code to} is not reached in time. */
    private static Rate rateBetween(long from, long to, int minutes) {
        waitFor(from);
        long t0 = System.nanoTime();
        long c0 = Receiver.received.get();
        CpuMeter cpu = new CpuMeter();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
        while (Receiver.received.get() < to) {
            if (System.nanoTime() > deadline) return new Rate(0, "stalled at " + Receiver.received.get() + " of " + to);
            LockSupport.parkNanos(1_000_000);
        }
        long done = Receiver.received.get() - c0;
        System.out.println("THREADS us of CPU per delivery: " + cpu.byThread(done, 10));
        return new Rate(done / ((System.nanoTime() - t0) / 1e9), cpu.perRecord(done, "egress + receiver"));
    }

    /** Polls every millisecond: a spinning wait would take one of the machine's two cores from the stage. */
    private static void waitFor(long count) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (Receiver.received.get() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + Receiver.received.get() + " of " + count + " deliveries in 5 minutes");
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
