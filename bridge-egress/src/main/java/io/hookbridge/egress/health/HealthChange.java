package io.hookbridge.egress.health;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * A change of a subscription's health, as written to {@code topics.operations}: the CloudEvent type is
 * {@code hookbridge.subscription.<kind>}, the data {@code detail} plus the subscription id.
 */
public record HealthChange(Kind kind, String subscription, Instant at, JsonObject detail) {

    public enum Kind {
        CIRCUIT_OPENED("circuit-opened"),
        CIRCUIT_CLOSED("circuit-closed"),
        DISABLED("disabled"),
        PAUSED("paused"),
        RESUMED("resumed");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The metric label and the last part of the CloudEvent type. */
        public String label() {
            return label;
        }

        public String eventType() {
            return "hookbridge.subscription." + label;
        }
    }

    public JsonObject data() {
        return new JsonObject().put("subscription", subscription).put("change", kind.label()).put("at", at)
                .mergeIn(detail);
    }
}
