package io.hookbridge.egress.replay;

/**
 * How fast one instance writes replayed work, for all its replays together ({@code egress.replay.perSecond}):
 * an evenly spaced schedule, each write waiting for its slot on the replay's own thread.
 */
final class ReplayRate {

    private final long intervalNanos;
    private long next = System.nanoTime();

    ReplayRate(int perSecond) {
        this.intervalNanos = 1_000_000_000L / perSecond;
    }

    /** Blocks until the next write may go. */
    void acquire() throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            next = Math.max(next, now - intervalNanos * 10); // a short burst after idling, no more
            wait = next - now;
            next += intervalNanos;
        }
        if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
}
