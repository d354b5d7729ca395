package io.hookbridge.faults;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Genuine GitHub-signed webhooks from a few sender threads, each waiting for its answer, as providers do.
 * Records every outcome: which delivery ids were acknowledged (2xx), and every other answer.
 */
final class SignedLoad implements AutoCloseable {

    /** One answered (or failed) request; {@code answeredAtMillis} is wall-clock time. */
    record Outcome(String deliveryId, int status, String retryAfter, long sentAtNanos, long millis, long answeredAtMillis) {
    }

    private final String url;
    private final byte[] secret;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger sequence = new AtomicInteger();
    private final List<Thread> senders = new ArrayList<>();
    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final String prefix;

    SignedLoad(String url, String secret, String prefix) {
        this.url = url;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.prefix = prefix;
    }

    /** Starts {@code threads} senders that stop after {@code maxRequests} in all, or at {@link #stop()}. */
    SignedLoad start(int threads, int maxRequests, Duration requestTimeout) {
        return start(threads, maxRequests, requestTimeout, 0);
    }

    /**
     * As {@link #start(int, int, Duration)}, at most {@code perSecond} requests a second in all (0: as fast as
     * the answers come): a steady load, as a provider's traffic is.
     */
    SignedLoad start(int threads, int maxRequests, Duration requestTimeout, int perSecond) {
        long interval = perSecond > 0 ? 1_000_000_000L / perSecond : 0;
        AtomicLong nextSlot = new AtomicLong(System.nanoTime());
        for (int t = 0; t < threads; t++) {
            Thread sender = new Thread(() -> {
                while (running.get()) {
                    if (interval > 0) {
                        long slot = nextSlot.getAndAdd(interval);
                        long wait = slot - System.nanoTime();
                        if (wait > 0) LockSupport.parkNanos(wait);
                    }
                    int n = sequence.incrementAndGet();
                    if (n > maxRequests) return;
                    send(prefix + "-" + n, requestTimeout);
                }
            }, "signed-load-" + t);
            sender.setDaemon(true);
            sender.start();
            senders.add(sender);
        }
        return this;
    }

    int sent() {
        return Math.min(sequence.get(), outcomes.size());
    }

    private void send(String deliveryId, Duration timeout) {
        byte[] body = ("{\"delivery\":\"" + deliveryId + "\",\"ref\":\"refs/heads/main\"}").getBytes(StandardCharsets.UTF_8);
        long start = System.nanoTime();
        int status;
        String retryAfter = null;
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("X-GitHub-Event", "push")
                    .header("X-GitHub-Delivery", deliveryId)
                    .header("X-Hub-Signature-256", "sha256=" + hmac(body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(), HttpResponse.BodyHandlers.discarding());
            status = response.statusCode();
            retryAfter = response.headers().firstValue("Retry-After").orElse(null);
        } catch (java.net.http.HttpTimeoutException e) {
            status = -2;
        } catch (Exception e) {
            status = -1; // connection refused or reset: the process is down; back off as a provider would
            pause();
        }
        if (status >= 200 && status < 300) acknowledged.add(deliveryId);
        outcomes.add(new Outcome(deliveryId, status, retryAfter, start, (System.nanoTime() - start) / 1_000_000,
                System.currentTimeMillis()));
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The X-Hub-Signature-256 hex digest of {@code body}, for requests sent beside the load. */
    String hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void stop() throws InterruptedException {
        running.set(false);
        for (Thread t : senders) t.join(30_000);
    }

    /** Waits for the senders to finish their request budget. */
    void awaitDone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : senders) t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        running.set(false);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
