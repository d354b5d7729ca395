package io.hookbridge.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples a role's heap once a second from its {@code /metrics}: the most used at once, summed over the
 * heap pools ({@code jvm_memory_used_bytes{area="heap"}}). Samples that fail (the process is restarting)
 * are skipped.
 */
final class HeapSampler {

    private final URI metrics;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "heap-sampler");
        t.setDaemon(true);
        return t;
    });
    private volatile long maxBytes;
    long startedAt;

    HeapSampler(int port) {
        this.metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
    }

    void start() {
        startedAt = System.currentTimeMillis();
        timer.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    void stop() {
        timer.shutdownNow();
    }

    long maxMiB() {
        return maxBytes / (1024 * 1024);
    }

    private void sample() {
        try {
            String body = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double used = 0;
            for (String line : body.split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    used += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            maxBytes = Math.max(maxBytes, (long) used);
        } catch (IOException | RuntimeException e) {
            // down or restarting: no sample
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
