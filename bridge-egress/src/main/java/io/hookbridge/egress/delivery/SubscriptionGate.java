package io.hookbridge.egress.delivery;

import io.hookbridge.egress.subscription.Subscription;

/**
 * The per-subscription policy seam of delivery: asked before each attempt whether a subscription may be
 * attempted now, and told how every attempt ended. A circuit breaker, a pause, a rate limit live behind it.
 * <p>
 * A {@link Admission#defer deferral} is not a failed attempt: the work is written durably to a retry tier
 * due at the given time, with its attempt count unchanged and a header naming the reason, and the event's
 * position on {@code topics.events} moves on once Kafka has it.
 * <p>
 * Threading: both methods are called on the event loop of the dispatcher shard that owns the subscription
 * (one shard per subscription within a process, so calls for one subscription never overlap; calls for
 * different subscriptions may run at the same time on different event loops). They must not block.
 */
public interface SubscriptionGate {

    /** Whether {@code subscription} may be attempted at {@code nowMillis} (epoch ms). */
    Admission admit(Subscription subscription, long nowMillis);

    /** How an attempt that {@link #admit} let through ended. Called once per attempt. */
    void record(Subscription subscription, Outcome outcome, long nowMillis);

    /** Lets every attempt through and keeps nothing: delivery without a policy. */
    SubscriptionGate OPEN = new SubscriptionGate() {
        @Override
        public Admission admit(Subscription subscription, long nowMillis) {
            return Admission.GO;
        }

        @Override
        public void record(Subscription subscription, Outcome outcome, long nowMillis) {
        }
    };

    /**
     * The answer of {@link #admit}: go now, or defer until {@code untilMillis} (epoch ms) for {@code reason}
     * ({@code circuit-open}, {@code paused}, {@code rate-limited}, ... : a short slug, written into the
     * deferred record's {@code hookbridge-deferred} header and counted in metrics).
     */
    record Admission(boolean go, long untilMillis, String reason) {

        public static final Admission GO = new Admission(true, 0, null);

        public static Admission defer(long untilMillis, String reason) {
            if (reason == null || reason.isBlank()) throw new IllegalArgumentException("a deferral needs a reason");
            return new Admission(false, untilMillis, reason);
        }
    }
}
