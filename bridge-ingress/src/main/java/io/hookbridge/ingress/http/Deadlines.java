package io.hookbridge.ingress.http;

import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Deadlines of one length (the body timeout, the ack timeout) for one verticle's requests, kept with one timer
 * instead of one per request. Every request waits the same time, so deadlines fall due in the order they were
 * added:
 * <pre>
 *   oldest ⇄ ... ⇄ newest        add: at the newest end          answered: unlinked, O(1)
 *      ▲
 *      └── the one timer is armed for the oldest; when it fires, whoever is past due is timed out
 * </pre>
 * Under load the timer fires about once per timeout, where a timer per request cost a hash-map
 * entry, a scheduled task and a priority-queue insert and removal for every webhook. Touched only on the
 * verticle's event loop.
 */
final class Deadlines {

    /** A request between its send and its answer: a node of the list. */
    abstract static class Waiting {
        private Waiting older;
        private Waiting newer;
        private long dueNanos;
        /** The list it is on (a request moves from the body deadlines to the ack deadlines); null when on none. */
        private Deadlines listedOn;

        /** Called once when the timeout has passed without {@link #remove}; the request has left the list. */
        abstract void timedOut();
    }

    private final Vertx vertx;
    private final long timeoutNanos;
    private Waiting oldest;
    private Waiting newest;
    private boolean armed;

    Deadlines(Vertx vertx, Duration timeout) {
        this.vertx = vertx;
        this.timeoutNanos = timeout.toNanos();
    }

    void add(Waiting waiting) {
        waiting.dueNanos = System.nanoTime() + timeoutNanos;
        waiting.older = newest;
        waiting.newer = null;
        waiting.listedOn = this;
        if (newest == null) {
            oldest = waiting;
        } else {
            newest.newer = waiting;
        }
        newest = waiting;
        if (!armed) arm();
    }

    /** The request was answered (or its connection lost): its deadline no longer matters. Idempotent. */
    void remove(Waiting waiting) {
        if (waiting.listedOn != this) return;
        waiting.listedOn = null;
        if (waiting.older == null) {
            oldest = waiting.newer;
        } else {
            waiting.older.newer = waiting.newer;
        }
        if (waiting.newer == null) {
            newest = waiting.older;
        } else {
            waiting.newer.older = waiting.older;
        }
        waiting.older = null;
        waiting.newer = null;
    }

    private void arm() {
        armed = true;
        long delayMs = TimeUnit.NANOSECONDS.toMillis(oldest.dueNanos - System.nanoTime()) + 1;
        vertx.setTimer(Math.max(1, delayMs), t -> expire());
    }

    private void expire() {
        armed = false;
        long now = System.nanoTime();
        while (oldest != null && oldest.dueNanos - now <= 0) {
            Waiting due = oldest;
            remove(due);
            due.timedOut();
        }
        if (oldest != null) arm();
    }
}
