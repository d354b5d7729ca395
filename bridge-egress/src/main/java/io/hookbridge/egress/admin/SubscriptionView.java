package io.hookbridge.egress.admin;

import io.hookbridge.egress.health.SubscriptionPolicy;
import io.hookbridge.egress.subscription.Subscription;
import io.vertx.core.json.JsonObject;

/**
 * A subscription as the admin API shows it. The signing secret is shown whole only in the answer that
 * created it (201 of a create without a given secret, rotate-secret): afterwards only its end, e.g.
 * {@code whsec_…k2Qs}, enough to tell which one a receiver holds. Header values (often a receiver's own
 * credentials) are never shown, only their names; the previous secret never.
 */
final class SubscriptionView {

    static final String MASK = "***";
    private static final int SHOWN_END = 4;

    private SubscriptionView() {
    }

    /** As every answer shows it: masked, with {@code paused} and what the policy knows of its {@code health}. */
    static JsonObject shown(Subscription s, SubscriptionPolicy policy) {
        return masked(s).put("paused", s.isPaused()).put("health", policy.health(s).toJson());
    }

    /** The one answer that carries the secret in full: the caller must keep it now. */
    static JsonObject withSecret(Subscription s, SubscriptionPolicy policy) {
        return shown(s, policy).put("secret", s.secret());
    }

    private static JsonObject masked(Subscription s) {
        JsonObject json = s.toJson();
        json.remove("previousSecret");
        json.put("secret", maskSecret(s.secret()));
        JsonObject headers = new JsonObject();
        s.headers().keySet().forEach(name -> headers.put(name, MASK));
        json.put("headers", headers);
        return json;
    }

    static String maskSecret(String secret) {
        if (secret == null) return null;
        int prefix = secret.indexOf('_') + 1;
        if (secret.length() - prefix <= 2 * SHOWN_END) return secret.substring(0, prefix) + "…";
        return secret.substring(0, prefix) + "…" + secret.substring(secret.length() - SHOWN_END);
    }
}
