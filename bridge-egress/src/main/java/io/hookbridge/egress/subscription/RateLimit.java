package io.hookbridge.egress.subscription;

import io.vertx.core.json.JsonObject;

/**
 * A subscription's rate limit, over all egress instances together: on average at most {@code perSecond}
 * deliveries a second, with up to {@code burst} at once after a quiet spell.
 */
public record RateLimit(double perSecond, int burst) {

    public RateLimit {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) throw new IllegalArgumentException("perSecond must be positive");
        if (burst < 1) throw new IllegalArgumentException("burst must be at least 1");
    }

    public JsonObject toJson() {
        Object rate = perSecond == Math.rint(perSecond) ? (Object) (long) perSecond : (Object) perSecond;
        return new JsonObject().put("perSecond", rate).put("burst", burst);
    }

    /** Null for null (no limit). */
    public static RateLimit fromJson(JsonObject json) {
        if (json == null) return null;
        return new RateLimit(json.getDouble("perSecond"), json.getInteger("burst"));
    }
}
