package io.hookbridge.egress.delivery;

/**
 * Whether the egress itself is saturated: one of the dispatchers' event loops ran its periodic timer late
 * by more than {@link #LATE_MS} within the last {@link #HOLD_MS}. While it is, every lane is slow because the
 * egress is (a restart's catch-up, the JIT's warm-up, a host short of CPU), so a lane's measured rate says
 * nothing about its subscriber ({@link Lane#rate}). Written by every shard, read by every lane: a volatile.
 */
final class LoopLag {

    /** Late beyond this, a loop is saturated (loops that kept up under full load were up to 90 ms late in the bench). */
    static final long LATE_MS = 200;
    /** How long one late timer counts: lanes are judged by the rate they show only after this much calm. */
    static final long HOLD_MS = 2_000;

    private volatile long lateAt;

    /** A shard's timer, due at {@code dueAt}, ran at {@code now}. */
    void ran(long dueAt, long now) {
        if (now - dueAt > LATE_MS) lateAt = now;
    }

    boolean saturated(long now) {
        long at = lateAt;
        return at > 0 && now - at < HOLD_MS;
    }
}
