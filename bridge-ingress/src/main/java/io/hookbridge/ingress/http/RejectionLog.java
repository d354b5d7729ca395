package io.hookbridge.ingress.http;

import io.vertx.core.Vertx;
import org.slf4j.Logger;

/**
 * The log lines of refused requests, at a bounded rate: a token bucket of {@link #BURST} lines refilled at
 * {@link #PER_SECOND} a second per event loop. What the bucket cannot take is counted and told in one line,
 * "N more rejections not logged", once a second while it lasts. Anyone can send forged requests; without
 * this, 64 connections of them wrote 14 MB of log in 10 s (issue 16). The metrics still count every one.
 * Touched only on the verticle's event loop.
 */
final class RejectionLog {

    static final int PER_SECOND = 10;
    static final int BURST = 50;
    private static final long NANOS_PER_TOKEN = 1_000_000_000L / PER_SECOND;

    /** One log line, written only when the bucket has a token for it. */
    interface Line {
        void write(Logger log);
    }

    private final Vertx vertx;
    private final Logger log;
    private double tokens = BURST;
    private long refilledAt = System.nanoTime();
    private long suppressed;
    private boolean summaryDue;

    RejectionLog(Vertx vertx, Logger log) {
        this.vertx = vertx;
        this.log = log;
    }

    void log(Line line) {
        long now = System.nanoTime();
        tokens = Math.min(BURST, tokens + (double) (now - refilledAt) / NANOS_PER_TOKEN);
        refilledAt = now;
        if (tokens >= 1) {
            tokens--;
            line.write(log);
            return;
        }
        suppressed++;
        if (!summaryDue) {
            summaryDue = true;
            vertx.setTimer(1000, t -> summary());
        }
    }

    private void summary() {
        summaryDue = false;
        if (suppressed == 0) return;
        log.warn("{} more rejections not logged in the last second (at most {} lines a second per event loop; "
                + "hookbridge_ingress_requests_total counts all)", suppressed, PER_SECOND);
        suppressed = 0;
    }
}
