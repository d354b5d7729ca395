package io.hookbridge.egress.health;

import io.hookbridge.common.config.CircuitBreakerConfig;

/**
 * One subscription's circuit breaker, on one egress instance. Not thread-safe: its owner guards it.
 * <pre>
 *            failures in a row >= threshold                     cool-down over: one probe goes
 *   CLOSED ──────────────────────────────────> OPEN ─────────────────────────────────> HALF_OPEN
 *     ^  (work goes)                     (work deferred until                    (other work deferred by
 *     │                                   the cool-down ends)                     coolDown; the probe decides)
 *     │                                          ^                                       │
 *     │                                          └─── probe failed: cool-down doubled ───┤
 *     └────────────────────────────── probe (or any attempt) succeeded ──────────────────┘
 * </pre>
 * The cool-down starts at {@code coolDown} and doubles with each failed probe up to {@code maxCoolDown};
 * a success starts it over. A probe whose answer never comes (its work went elsewhere) is given up after one
 * cool-down, and another probe goes.
 */
final class CircuitBreaker {

    enum State { CLOSED, OPEN, HALF_OPEN }

    /** What an outcome changed: the circuit opened (or opened again after a failed probe), closed, or nothing. */
    enum Change { NONE, OPENED, CLOSED }

    private final int threshold;
    private final long coolDownMillis;
    private final long maxCoolDownMillis;

    private State state = State.CLOSED;
    private int consecutiveFailures;
    private int openings;
    private long openUntil;
    private long currentCoolDown;
    private long probeSince;

    CircuitBreaker(CircuitBreakerConfig config) {
        this.threshold = config.failures();
        this.coolDownMillis = config.coolDown().toMillis();
        this.maxCoolDownMillis = config.maxCoolDown().toMillis();
    }

    /** 0 when an attempt may go now (possibly as the probe), else the epoch millis until which to defer it. */
    long admit(long now) {
        switch (state) {
            case CLOSED:
                return 0;
            case OPEN:
                if (now < openUntil) return openUntil;
                state = State.HALF_OPEN;
                probeSince = now;
                return 0;
            default: // HALF_OPEN: the probe is out
                if (now - probeSince >= currentCoolDown) {
                    probeSince = now;
                    return 0;
                }
                // Back soon after the probe's answer, not a whole (grown) cool-down later.
                return Math.min(probeSince + currentCoolDown, now + coolDownMillis);
        }
    }

    Change onSuccess() {
        consecutiveFailures = 0;
        openings = 0;
        if (state == State.CLOSED) return Change.NONE;
        state = State.CLOSED;
        return Change.CLOSED;
    }

    Change onFailure(long now) {
        consecutiveFailures++;
        if (state == State.HALF_OPEN || (state == State.CLOSED && consecutiveFailures >= threshold)) {
            open(now);
            return Change.OPENED;
        }
        return Change.NONE; // an attempt that was under way when the circuit opened
    }

    private void open(long now) {
        currentCoolDown = coolDownMillis << Math.min(openings, 30);
        if (currentCoolDown > maxCoolDownMillis || currentCoolDown <= 0) currentCoolDown = maxCoolDownMillis;
        openings++;
        openUntil = now + currentCoolDown;
        state = State.OPEN;
    }

    State state() {
        return state;
    }

    int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** When the current cool-down ends (meaningful while not CLOSED). */
    long openUntil() {
        return state == State.HALF_OPEN ? probeSince + currentCoolDown : openUntil;
    }

    long currentCoolDownMillis() {
        return currentCoolDown;
    }
}
