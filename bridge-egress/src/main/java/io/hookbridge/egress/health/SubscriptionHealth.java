package io.hookbridge.egress.health;

import io.hookbridge.common.config.CircuitBreakerConfig;
import io.hookbridge.egress.delivery.SubscriptionGate.Admission;
import io.hookbridge.egress.subscription.RateLimit;

import java.time.Instant;
import java.util.List;

/**
 * What one egress instance knows of one subscription's health: its circuit breaker, its rate limiter, and
 * the last success and failure. Every method is synchronized: a subscription's work all runs on one
 * dispatcher shard, but the admin API reads the health from another thread.
 */
final class SubscriptionHealth {

    private final CircuitBreaker breaker;
    private RateLimiter limiter;
    private long lastSuccessAt;
    private long lastFailureAt;
    private int lastFailureStatus;
    private String lastFailureError;
    private long failingSince;
    private boolean disableRequested;
    private long disableRequestedAt;

    SubscriptionHealth(CircuitBreakerConfig config) {
        this.breaker = new CircuitBreaker(config);
    }

    /** The rate limit first (a slot taken by work the circuit then defers is only lost, never exceeded). */
    synchronized Admission admit(RateLimit limit, double share, long now) {
        if (limit == null) {
            limiter = null;
        } else {
            if (limiter == null) limiter = new RateLimiter(limit, share);
            limiter.configure(limit, share);
            long until = limiter.admit(now);
            if (until > 0) return Admission.defer(until, SubscriptionPolicy.RATE_LIMITED);
        }
        long until = breaker.admit(now);
        return until > 0 ? Admission.defer(until, SubscriptionPolicy.CIRCUIT_OPEN) : Admission.GO;
    }

    synchronized CircuitBreaker.Change succeeded(long now) {
        lastSuccessAt = now;
        failingSince = 0;
        disableRequested = false;
        return breaker.onSuccess();
    }

    /**
     * @param status       the HTTP status, 0 without a response
     * @param failingSince since when other instances (or this one before a restart) saw it failing, 0 if unknown
     */
    synchronized CircuitBreaker.Change failed(int status, String error, long now, long failingSince) {
        lastFailureAt = now;
        lastFailureStatus = status;
        lastFailureError = error;
        if (this.failingSince == 0) {
            // What was seen elsewhere counts only if this instance has had no success since.
            boolean known = failingSince > 0 && failingSince < now && failingSince > lastSuccessAt;
            this.failingSince = known ? failingSince : now;
        }
        return breaker.onFailure(now);
    }

    /** True once, when the subscription has failed without a success for {@code disableAfterMillis}. */
    synchronized boolean shouldDisable(long now, long disableAfterMillis) {
        if (disableRequested || failingSince == 0 || now - failingSince < disableAfterMillis) return false;
        disableRequested = true;
        disableRequestedAt = now;
        return true;
    }

    /**
     * Re-enabled after this instance disabled it (a version of the subscription written later, enabled):
     * the failures before count no longer towards the next disable.
     */
    synchronized void reEnabled(long updatedAt) {
        if (disableRequested && updatedAt > disableRequestedAt) {
            disableRequested = false;
            failingSince = 0;
        }
    }

    synchronized long failingSince() {
        return failingSince;
    }

    synchronized int consecutiveFailures() {
        return breaker.consecutiveFailures();
    }

    synchronized long circuitOpenUntil() {
        return breaker.openUntil();
    }

    synchronized long currentCoolDownMillis() {
        return breaker.currentCoolDownMillis();
    }

    /** @param elsewhere circuits of this subscription open on other instances */
    synchronized HealthView view(boolean enabled, boolean paused, List<ClusterHealth.OpenCircuit> elsewhere) {
        boolean open = breaker.state() != CircuitBreaker.State.CLOSED;
        String state = !enabled ? HealthView.DISABLED : paused ? HealthView.PAUSED
                : open || !elsewhere.isEmpty() ? HealthView.CIRCUIT_OPEN : HealthView.ACTIVE;
        return new HealthView(state, breaker.consecutiveFailures(), instant(lastSuccessAt), instant(lastFailureAt),
                lastFailureStatus, lastFailureError, instant(failingSince), open ? instant(breaker.openUntil()) : null,
                elsewhere);
    }

    private static Instant instant(long millis) {
        return millis == 0 ? null : Instant.ofEpochMilli(millis);
    }
}
