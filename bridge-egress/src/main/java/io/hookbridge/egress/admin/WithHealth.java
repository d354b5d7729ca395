package io.hookbridge.egress.admin;

import io.hookbridge.egress.health.SubscriptionPolicy;
import io.hookbridge.egress.subscription.Subscription;
import io.vertx.core.json.JsonObject;

/** What every answer showing a subscription adds to its view: {@code paused} and {@code health}. */
final class WithHealth {

    private WithHealth() {
    }

    static JsonObject add(JsonObject view, Subscription s, SubscriptionPolicy policy) {
        return view.put("paused", s.isPaused()).put("health", policy.health(s).toJson());
    }
}
