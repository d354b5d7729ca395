package io.hookbridge.egress;

import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.config.RouteConfig;
import io.hookbridge.common.kafka.TopicPlan;
import io.hookbridge.egress.retry.RetryTiers;

/** The egress's topics, with their settings: created at start, before any of its parts runs. */
public final class EgressTopics {

    private EgressTopics() {
    }

    /**
     * Stage 1 (normalize) reads {@code inbound} and writes {@code events}, {@code deadLetters} and the route
     * topics; stage 2 (delivery) reads {@code events} and the retry tiers, writes the tiers and
     * {@code deadLetters} and every attempt to {@code attempts} (retained {@code egress.attempts.retention}); the
     * admin API writes the compacted {@code subscriptions} table; the health of subscriptions (circuit
     * opened/closed, disabled, paused, resumed) goes to {@code operations}.
     */
    public static TopicPlan plan(HookbridgeConfig config) {
        TopicPlan plan = TopicPlan.of(config.topics())
                .plain(config.topics().inbound())
                .plain(config.topics().events())
                .plain(config.topics().deadLetters())
                .compacted(config.topics().subscriptions())
                .retained(config.topics().attempts(), config.egress().attempts().retention())
                .plain(config.topics().operations());
        for (String tier : tiers(config).topics()) {
            plan = plan.plain(tier);
        }
        for (RouteConfig route : config.egress().routes()) {
            plan = plan.plain(route.topic());
        }
        return plan;
    }

    public static RetryTiers tiers(HookbridgeConfig config) {
        return new RetryTiers(config.topics().retryPrefix(), config.egress().delivery().retrySchedule());
    }
}
