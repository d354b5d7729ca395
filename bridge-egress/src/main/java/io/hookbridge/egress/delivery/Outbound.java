package io.hookbridge.egress.delivery;

import io.hookbridge.common.config.DeliveryConfig;
import io.hookbridge.egress.ssrf.TargetResolver;
import io.hookbridge.egress.retry.RetryTiers;
import io.hookbridge.egress.subscription.Subscriptions;
import io.vertx.ext.web.client.WebClient;

/**
 * What every dispatcher shares: the subscription table, the guard, the one pooled client, the hand-off, the
 * per-subscription policy and the attempt listener.
 */
record Outbound(DeliveryConfig config,
                Subscriptions store,
                TargetResolver resolver,
                WebClient client,
                HandOff handOff,
                RetryTiers tiers,
                DeliveryMetrics metrics,
                SubscriptionGate gate,
                AttemptListener listener) {
}
