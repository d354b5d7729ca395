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
        Subscription current = Problems.knownSubscription(ctx, store);
        if (current == null) return;
        if (current.isPaused()) {
            answer(ctx, current);
            return;
        }
        store.update(current.id(), s -> s.paused(Instant.now()))
                .onSuccess(saved -> {
                    policy.paused(saved);
                    answer(ctx, saved);
                })
                .onFailure(e -> Problems.kafkaUnavailable(ctx, e));
    }

    void resume(RoutingContext ctx) {
        Subscription current = Problems.knownSubscription(ctx, store);
        if (current == null) return;
        if (!current.isPaused()) {
            answer(ctx, current);
            return;
        }
        store.update(current.id(), s -> s.resumed(Instant.now()))
                .onSuccess(saved -> {
                    policy.resumed(saved, current.pausedAt());
                    answer(ctx, saved);
                })
                .onFailure(e -> Problems.kafkaUnavailable(ctx, e));
    }

    private void answer(RoutingContext ctx, Subscription s) {
        ctx.json(WithHealth.add(SubscriptionView.masked(s), s, policy));
    }
}
