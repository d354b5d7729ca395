package io.hookbridge.egress.health;

import io.hookbridge.egress.subscription.RateLimit;

/**
 * One subscription's rate limit on one egress instance: this instance's {@code share} of
 * {@code perSecond} and of {@code burst} (the generic cell rate algorithm: a virtual schedule of one slot per
 * {@code 1/rate}, which may run {@code burst} slots ahead of now). Not thread-safe: its owner guards it.
 * <p>
 * Work that finds no slot is deferred, and the deferrals are spread at the same rate (a second virtual
 * schedule) so that they come back about as fast as they can be taken, not all at once.
 */
final class RateLimiter {

    private RateLimit limit;
    private double share;
    private double intervalMillis;
    private double toleranceMillis;
    private double nextSlot;      // theoretical arrival time of the next admitted attempt
    private double nextDeferral;  // when the next deferred piece of work should come back

    RateLimiter(RateLimit limit, double share) {
        configure(limit, share);
    }

    /** Follows a changed limit or share; the schedule so far is kept. */
    void configure(RateLimit limit, double share) {
        if (limit.equals(this.limit) && share == this.share) return;
        this.limit = limit;
        this.share = share;
        double rate = limit.perSecond() * share;
        double burst = Math.max(1, limit.burst() * share);
        intervalMillis = 1000 / rate;
        toleranceMillis = (burst - 1) * intervalMillis;
    }

    /** 0 when an attempt may go now, else the epoch millis until which to defer it. */
    long admit(long now) {
        double slot = Math.max(nextSlot, now);
        if (slot - now <= toleranceMillis) {
            nextSlot = slot + intervalMillis;
            return 0;
        }
        // The earliest moment a slot is free, spread behind the deferrals already handed out.
        double free = slot - toleranceMillis;
        nextDeferral = Math.max(nextDeferral + intervalMillis, free);
        return (long) Math.ceil(nextDeferral);
    }
}
