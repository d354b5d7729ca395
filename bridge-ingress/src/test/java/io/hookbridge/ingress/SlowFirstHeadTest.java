package io.hookbridge.ingress;

import io.hookbridge.testing.KafkaBroker;
import io.hookbridge.testing.TestTopics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The first request head of a connection, with h2c off (the default): Vert.x hands the connection over at
 * accept, so headerTimeout and maxConnections hold before its first byte. idleTimeout is a minute here, so a
 * connection closed within seconds was closed by headerTimeout or by the connection limit, not by idleness.
 */
class SlowFirstHeadTest {

    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(1);
    private static final int LOOPS = Math.max(1, Runtime.getRuntime().availableProcessors());
    /** Two per event loop (the ingress splits maxConnections evenly over its verticles). */
    private static final int MAX_CONNECTIONS = 2 * LOOPS;
    private static final String HEAD = "POST /webhooks/open HTTP/1.1\r\nHost: x\r\nX-Request-Id: slow-1\r\n"
            + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n";

    private static RunningIngress ingress;
    private static int port;
    private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

    @BeforeAll
    static void start() throws Exception {
        ingress = RunningIngress.start("""
                kafka: { bootstrapServers: "%s" }
                topics: { inbound: %s.inbound, partitions: 1 }
                ingress:
                  port: 0
                  maxConnections: %d
                  headerTimeout: 1s
                  idleTimeout: 60s
                  sources:
                    open: { verifier: none, deliveryIdHeader: X-Request-Id }
                """.formatted(KafkaBroker.bootstrapServers(), TestTopics.uniquePrefix(), MAX_CONNECTIONS), Map.of());
        port = ingress.ingress().port();
    }

    @AfterAll
    static void stop() throws Exception {
        ingress.close();
    }

    @AfterEach
    void stopTrickle() {
        trickle.shutdownNow();
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAtTheHeaderTimeout() throws Exception {
        long started = System.nanoTime();
        try (RawConnection silent = RawConnection.open(port)) {
            assertThat(silent.closedWithin(Duration.ofSeconds(10))).as("closed").isTrue();
            Duration open = Duration.ofNanos(System.nanoTime() - started);
            assertThat(open).as("open for").isBetween(HEADER_TIMEOUT.minusMillis(50), HEADER_TIMEOUT.plusSeconds(2));
            assertThat(silent.bytesAfter.size()).as("nothing answered").isZero();
        }
    }

    @Test
    void aFirstHeadTrickledByteByByteIsCutAtTheHeaderTimeoutWhileWebhooksAreTaken() throws Exception {
        try (RawConnection slow = RawConnection.open(port)) {
            long started = System.nanoTime();
            // One byte every 300 ms: never idle for anything near idleTimeout, the head complete only after ~30 s.
            AtomicInteger sent = new AtomicInteger();
            trickle.scheduleAtFixedRate(() -> {
                int at = sent.get();
                if (at < HEAD.length() && send(slow, HEAD.substring(at, at + 1))) sent.incrementAndGet();
            }, 0, 300, TimeUnit.MILLISECONDS);
            HttpResponse<String> genuine = ingress.post("open", "{\"genuine\":true}", "X-Request-Id", "genuine-1");
            assertThat(genuine.statusCode()).as("a genuine webhook meanwhile: " + genuine.body()).isEqualTo(202);

            assertThat(slow.closedWithin(Duration.ofSeconds(10))).as("closed").isTrue();
            Duration open = Duration.ofNanos(System.nanoTime() - started);
            assertThat(open).as("open for").isBetween(HEADER_TIMEOUT.minusMillis(50), HEADER_TIMEOUT.plusSeconds(2));
            assertThat(sent.get()).as("bytes of the %d-byte head sent", HEAD.length()).isLessThan(HEAD.length());
            assertThat(slow.bytesAfter.size()).as("nothing answered to half a head").isZero();
        }
    }

    @Test
    void connectionsBeyondMaxConnectionsAreClosedAtOnceAndCounted() throws Exception {
        double refusedBefore = refusedConnections();
        int extra = MAX_CONNECTIONS;
        List<RawConnection> silent = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONNECTIONS + extra; i++) silent.add(RawConnection.open(port));
            long opened = System.nanoTime();
            // Those beyond the limit are closed as soon as they are accepted, well before headerTimeout.
            await().atMost(HEADER_TIMEOUT.dividedBy(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> closedNow(silent) >= extra);
            int stillOpen = silent.size() - closedNow(silent);
            assertThat(System.nanoTime() - opened).as("checked before headerTimeout")
                    .isLessThan(HEADER_TIMEOUT.toNanos());
            assertThat(stillOpen).as("silent connections kept (at most maxConnections)").isBetween(1, MAX_CONNECTIONS);
            // The ones kept are closed by headerTimeout, which frees their slots for genuine webhooks.
            await().atMost(HEADER_TIMEOUT.plusSeconds(3)).pollInterval(Duration.ofMillis(50))
                    .until(() -> closedNow(silent) == silent.size());
            HttpResponse<String> genuine = ingress.post("open", "{\"genuine\":true}", "X-Request-Id", "genuine-2");
            assertThat(genuine.statusCode()).as(genuine.body()).isEqualTo(202);
            assertThat(refusedConnections() - refusedBefore).as("counted as too-many-connections")
                    .isEqualTo(silent.size() - stillOpen);
        } finally {
            for (RawConnection connection : silent) connection.close();
        }
    }

    /** How many of these connections the server has closed (a read that ends at once). */
    private static int closedNow(List<RawConnection> connections) throws IOException {
        int closed = 0;
        for (RawConnection connection : connections) {
            if (connection.closedWithin(Duration.ofMillis(1))) closed++;
        }
        return closed;
    }

    /** hookbridge_ingress_requests_total{source="unknown",outcome="too-many-connections"} from /metrics. */
    private static double refusedConnections() throws Exception {
        return ingress.get("/metrics").body().lines()
                .filter(line -> line.startsWith("hookbridge_ingress_requests_total{")
                        && line.contains("outcome=\"too-many-connections\"") && line.contains("source=\"unknown\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static boolean send(RawConnection connection, String ascii) {
        try {
            connection.send(ascii);
            return true;
        } catch (IOException closed) {
            return false; // the server closed it: what the test waits for
        }
    }
}
