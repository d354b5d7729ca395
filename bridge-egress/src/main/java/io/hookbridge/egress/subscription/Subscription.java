package io.hookbridge.egress.subscription;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A webhook subscriber: where to POST, which event types, and the {@code whsec_} secret that signs each
 * delivery. After a rotation the previous secret keeps signing beside the new one until
 * {@code previousSecretExpiresAt}, so receivers can switch without a gap.
 *
 * @param disabledReason why delivery stopped by itself (e.g. the receiver answered 410 Gone), or null
 * @param rateLimit      at most this many deliveries per second (over all egress instances), or null
 * @param pausedAt       when delivery was paused through the admin API, or null when it is not paused
 */
public record Subscription(String id,
                           String url,
                           List<String> eventTypes,
                           String description,
                           Map<String, String> headers,
                           boolean enabled,
                           String secret,
                           String previousSecret,
                           Instant previousSecretExpiresAt,
                           Instant createdAt,
                           Instant updatedAt,
                           String disabledReason,
                           RateLimit rateLimit,
                           Instant pausedAt) {

    public Subscription {
        eventTypes = List.copyOf(eventTypes);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public Subscription withSecret(String newSecret, Instant previousExpiresAt, Instant now) {
        return new Subscription(id, url, eventTypes, description, headers, enabled, newSecret, secret,
                previousExpiresAt, createdAt, now, disabledReason, rateLimit, pausedAt);
    }

    public Subscription disabled(String reason, Instant now) {
        return new Subscription(id, url, eventTypes, description, headers, false, secret, previousSecret,
                previousSecretExpiresAt, createdAt, now, reason, rateLimit, pausedAt);
    }

    /** Paused since {@code at}; a subscription already paused keeps its first pause time. */
    public Subscription paused(Instant at) {
        return new Subscription(id, url, eventTypes, description, headers, enabled, secret, previousSecret,
                previousSecretExpiresAt, createdAt, at, disabledReason, rateLimit, pausedAt != null ? pausedAt : at);
    }

    public Subscription resumed(Instant now) {
        return new Subscription(id, url, eventTypes, description, headers, enabled, secret, previousSecret,
                previousSecretExpiresAt, createdAt, now, disabledReason, rateLimit, null);
    }

    public boolean isPaused() {
        return pausedAt != null;
    }

    /**
     * The URL as logs may show it: scheme, host, port and path, without the query string, user info or
     * fragment, which may hold a receiver's credentials.
     */
    public String urlForLogs() {
        try {
            URI uri = new URI(url);
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (URISyntaxException | RuntimeException e) {
            return "(a URL that does not parse)";
        }
    }

    /** The stored form (the compacted topic's value). */
    public JsonObject toJson() {
        JsonObject json = new JsonObject()
                .put("id", id)
                .put("url", url)
                .put("eventTypes", new JsonArray(new ArrayList<>(eventTypes)))
                .put("description", description)
                .put("headers", new JsonObject(new LinkedHashMap<>(headers)))
                .put("enabled", enabled)
                .put("secret", secret)
                .put("createdAt", createdAt)
                .put("updatedAt", updatedAt);
        if (previousSecret != null) {
            json.put("previousSecret", previousSecret).put("previousSecretExpiresAt", previousSecretExpiresAt);
        }
        if (disabledReason != null) json.put("disabledReason", disabledReason);
        if (rateLimit != null) json.put("rateLimit", rateLimit.toJson());
        if (pausedAt != null) json.put("pausedAt", pausedAt);
        return json;
    }

    public static Subscription fromJson(JsonObject json) {
        List<String> types = new ArrayList<>();
        json.getJsonArray("eventTypes", new JsonArray()).forEach(t -> types.add((String) t));
        Map<String, String> headers = new LinkedHashMap<>();
        json.getJsonObject("headers", new JsonObject()).forEach(e -> headers.put(e.getKey(), String.valueOf(e.getValue())));
        return new Subscription(json.getString("id"), json.getString("url"), types, json.getString("description"),
                headers, json.getBoolean("enabled", true), json.getString("secret"), json.getString("previousSecret"),
                json.getInstant("previousSecretExpiresAt"), json.getInstant("createdAt"), json.getInstant("updatedAt"),
                json.getString("disabledReason"), RateLimit.fromJson(json.getJsonObject("rateLimit")),
                json.getInstant("pausedAt"));
    }
}
