package io.hookbridge.egress.health;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Locale;

/**
 * A change of a subscription's health, as written to {@code topics.operations}: the CloudEvent type is
 * {@code hookbridge.subscription.<kind>}, the data {@code detail} plus the subscription id.
 */
public record HealthChange(Kind kind, String subscription, Instant at, JsonObject detail) {

    public enum Kind {
        CIRCUIT_OPENED, CIRCUIT_CLOSED, DISABLED, PAUSED, RESUMED;

        /** The metric label and the last part of the CloudEvent type: {@code circuit-opened}, ... */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public String eventType() {
            return "hookbridge.subscription." + label();
        }
    }

    public JsonObject data() {
        return new JsonObject().put("subscription", subscription).put("change", kind.label()).put("at", at)
                .mergeIn(detail);
    }
}
