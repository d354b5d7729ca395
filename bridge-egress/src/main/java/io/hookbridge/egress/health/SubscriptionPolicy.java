package io.hookbridge.egress.health;

import io.hookbridge.common.config.DeliveryConfig;
import io.hookbridge.common.config.Durations;
import io.hookbridge.egress.delivery.Outcome;
import io.hookbridge.egress.delivery.SubscriptionGate;
import io.hookbridge.egress.subscription.Subscription;
import io.hookbridge.egress.subscription.Subscriptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * The per-subscription delivery policy of one egress instance: before an attempt, may it go now
 * ({@link #admit}); after it, what it tells about the subscription's health ({@link #record}).
 * <pre>
 *   admit:  disabled? ──> go (delivery dead-letters it: "subscription-disabled")
 *           paused? ───> defer pauseRecheck            (kept in Kafka; looked at again after the pause check)
 *           over rateLimit x this instance's share? ──> defer until a slot is free
 *           circuit open? ──> defer until the cool-down ends; then one probe goes
 *           ──> go
 *   record: success ──> failures 0, circuit closed ("circuit-closed" when it was open)
 *           failure ──> failures + 1; the threshold reached or the probe failed ──> "circuit-opened"
 *                       no success for disableAfter ──> disabled in the table (every instance), "disabled"
 * </pre>
 * The breaker and the limiter are this instance's own: a subscription's circuit opens on each instance that
 * sees it fail (each counts its own attempts). What the others saw comes from {@code topics.operations}
 * ({@link ClusterHealth}): their open circuits show in the health, and their failing-since starts this
 * instance's auto-disable clock, also across a restart. The rate limit is shared out: each instance allows its
 * {@code share} (one over the number of delivering instances), so together they allow the limit.
 */
public final class SubscriptionPolicy implements SubscriptionGate {

    /** The reasons of a deferral ({@code hookbridge-deferred}). */
    public static final String PAUSED = "paused";
    public static final String CIRCUIT_OPEN = "circuit-open";
    public static final String RATE_LIMITED = "rate-limited";

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionPolicy.class);

    private final DeliveryConfig config;
    private final Subscriptions store;
    private final HealthChanges changes;
    private final DoubleSupplier share;
    private final ClusterHealth cluster;
    private final String instance;
    private final Map<String, SubscriptionHealth> health = new ConcurrentHashMap<>();
    private volatile long sweptVersion = -1;

    /**
     * @param share    this instance's share of every rate limit, in (0, 1]
     * @param cluster  what the other instances reported on {@code topics.operations}
     * @param instance this instance's name in those reports
     */
    public SubscriptionPolicy(DeliveryConfig config, Subscriptions store, HealthChanges changes, DoubleSupplier share,
                              ClusterHealth cluster, String instance) {
        this.config = config;
        this.store = store;
        this.changes = changes;
        this.share = share;
        this.cluster = cluster;
        this.instance = instance;
    }

    @Override
    public Admission admit(Subscription subscription, long now) {
        sweep();
        if (!subscription.enabled()) return Admission.GO;
        if (subscription.isPaused()) return Admission.defer(now + config.pauseRecheck().toMillis(), PAUSED);
        SubscriptionHealth h = healthOf(subscription.id());
        if (subscription.updatedAt() != null) h.reEnabled(subscription.updatedAt().toEpochMilli());
        return h.admit(subscription.rateLimit(), share.getAsDouble(), now);
    }

    @Override
    public void record(Subscription subscription, Outcome result, long now) {
        SubscriptionHealth h = healthOf(subscription.id());
        if (result.succeeded()) {
            if (h.succeeded(now) == CircuitBreaker.Change.CLOSED) {
                changes.changed(new HealthChange(HealthChange.Kind.CIRCUIT_CLOSED, subscription.id(), Instant.ofEpochMilli(now),
                        new JsonObject().put("status", result.status())));
            }
            return;
        }
        if (h.failed(result.status(), result.error(), now, cluster.failingSince(subscription.id(), now))
                == CircuitBreaker.Change.OPENED) {
            changes.changed(new HealthChange(HealthChange.Kind.CIRCUIT_OPENED, subscription.id(), Instant.ofEpochMilli(now),
                    new JsonObject()
                            .put("consecutiveFailures", h.consecutiveFailures())
                            .put("coolDown", Durations.format(java.time.Duration.ofMillis(h.currentCoolDownMillis())))
                            .put("openUntil", Instant.ofEpochMilli(h.circuitOpenUntil()))
                            .put("failingSince", Instant.ofEpochMilli(h.failingSince()))
                            .put("lastFailure", failure(result))));
        }
        if (subscription.enabled() && h.shouldDisable(now, config.disableAfter().toMillis())) disable(subscription, h, result, now);
    }

    /** Through the table, so every instance stops; delivery then dead-letters what is still pending. */
    private void disable(Subscription subscription, SubscriptionHealth h, Outcome last, long now) {
        Instant since = Instant.ofEpochMilli(h.failingSince());
        String reason = "no successful delivery since " + since + " (" + Durations.format(config.disableAfter())
                + " of failures, egress.delivery.disableAfter)";
        store.update(subscription.id(), s -> s.enabled() ? s.disabled(reason, Instant.ofEpochMilli(now)) : s)
                .onSuccess(saved -> changes.changed(new HealthChange(HealthChange.Kind.DISABLED, subscription.id(),
                        Instant.ofEpochMilli(now), new JsonObject().put("reason", reason).put("failingSince", since)
                        .put("lastFailure", failure(last)))))
                .onFailure(e -> LOG.warn("cannot disable subscription {}: {}", subscription.id(), e.toString()));
    }

    /** Reported by the admin API once the table has the paused subscription. */
    public void paused(Subscription subscription) {
        changes.changed(new HealthChange(HealthChange.Kind.PAUSED, subscription.id(), Instant.now(),
                new JsonObject().put("pausedAt", subscription.pausedAt())));
    }

    /** Reported by the admin API once the table has the resumed subscription. */
    public void resumed(Subscription subscription, Instant pausedAt) {
        changes.changed(new HealthChange(HealthChange.Kind.RESUMED, subscription.id(), Instant.now(),
                new JsonObject().put("pausedAt", pausedAt)));
    }

    /** What this instance knows of the subscription's health. */
    public HealthView health(Subscription subscription) {
        return health(subscription, System.currentTimeMillis());
    }

    HealthView health(Subscription subscription, long now) {
        SubscriptionHealth h = health.get(subscription.id());
        if (h == null) h = new SubscriptionHealth(config.circuitBreaker());
        List<ClusterHealth.OpenCircuit> elsewhere = new ArrayList<>(cluster.openCircuits(subscription.id(), now));
        elsewhere.removeIf(c -> c.instance().equals(instance));
        return h.view(subscription.enabled(), subscription.isPaused(), elsewhere);
    }

    private SubscriptionHealth healthOf(String id) {
        return health.computeIfAbsent(id, k -> new SubscriptionHealth(config.circuitBreaker()));
    }

    /** Forgets deleted subscriptions, whenever the table has changed. */
    private void sweep() {
        long version = store.version();
        if (version == sweptVersion) return;
        sweptVersion = version;
        health.keySet().removeIf(id -> store.find(id) == null);
    }

    private static JsonObject failure(Outcome result) {
        JsonObject json = new JsonObject().put("error", result.error());
        if (result.status() > 0) json.put("status", result.status());
        return json;
    }
}
