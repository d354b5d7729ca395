package io.hookbridge.egress.health;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/**
 * A subscription's health as {@code GET /api/v1/subscriptions/{id}} shows it ({@code health}).
 *
 * @param state               {@code active}, {@code paused}, {@code circuit-open} or {@code disabled}
 * @param circuitOpenUntil    when the circuit lets its next probe through; null unless circuit-open
 * @param failingSince        the first failure since the last success; null when the last attempt succeeded
 * @param lastFailureStatus   the HTTP status of the last failure, 0 when it got no response
 * @param openElsewhere       circuits of this subscription open on other egress instances ({@code topics.operations})
 */
public record HealthView(String state, int consecutiveFailures, Instant lastSuccessAt, Instant lastFailureAt,
                         int lastFailureStatus, String lastFailureError, Instant failingSince,
                         Instant circuitOpenUntil, List<ClusterHealth.OpenCircuit> openElsewhere) {

    public static final String ACTIVE = "active";
    public static final String PAUSED = "paused";
    public static final String CIRCUIT_OPEN = "circuit-open";
    public static final String DISABLED = "disabled";

    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("state", state).put("consecutiveFailures", consecutiveFailures)
                .put("lastSuccessAt", lastSuccessAt);
        if (lastFailureAt != null) {
            JsonObject failure = new JsonObject().put("at", lastFailureAt).put("error", lastFailureError);
            if (lastFailureStatus > 0) failure.put("status", lastFailureStatus);
            json.put("lastFailure", failure);
        } else {
            json.putNull("lastFailure");
        }
        if (failingSince != null) json.put("failingSince", failingSince);
        if (circuitOpenUntil != null) json.put("circuitOpenUntil", circuitOpenUntil);
        if (!openElsewhere.isEmpty()) {
            JsonArray elsewhere = new JsonArray();
            for (ClusterHealth.OpenCircuit c : openElsewhere) {
                elsewhere.add(new JsonObject().put("instance", c.instance()).put("openedAt", c.openedAt())
                        .put("openUntil", c.openUntil()));
            }
            json.put("circuitOpenElsewhere", elsewhere);
        }
        return json;
    }
}
