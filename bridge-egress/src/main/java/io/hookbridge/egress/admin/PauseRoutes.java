package io.hookbridge.egress.admin;

import io.hookbridge.egress.health.SubscriptionPolicy;
import io.hookbridge.egress.subscription.Subscription;
import io.hookbridge.egress.subscription.Subscriptions;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;

/**
 * {@code POST /api/v1/subscriptions/{id}/pause} and {@code .../resume}. Pausing keeps the subscription's work
 * in Kafka (delivery defers it); resuming lets it go again. Both answer the subscription with its health, and
 * both are idempotent: pausing a paused subscription keeps its first {@code pausedAt}, and only a real change
 * is reported to {@code topics.operations}.
 */
record PauseRoutes(Subscriptions store, SubscriptionPolicy policy) {

    void pause(RoutingContext ctx) {
        change(ctx, true);
    }

    void resume(RoutingContext ctx) {
        change(ctx, false);
    }

    /** A subscription that already is as asked is answered as it is; otherwise it changes and the policy reports it. */
    private void change(RoutingContext ctx, boolean pause) {
        Subscription current = Problems.knownSubscription(ctx, store);
        if (current == null) return;
        if (current.isPaused() == pause) {
            ctx.json(SubscriptionView.shown(current, policy));
            return;
        }
        store.update(current.id(), s -> pause ? s.paused(Instant.now()) : s.resumed(Instant.now()))
                .onSuccess(saved -> {
                    if (pause) {
                        policy.paused(saved);
                    } else {
                        policy.resumed(saved, current.pausedAt());
                    }
                    ctx.json(SubscriptionView.shown(saved, policy));
                })
                .onFailure(e -> Problems.kafkaUnavailable(ctx, e));
    }
}
