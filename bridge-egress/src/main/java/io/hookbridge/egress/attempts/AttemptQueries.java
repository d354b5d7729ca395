package io.hookbridge.egress.attempts;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * The queries of the admin API over the {@link AttemptIndex}, with what the index has read so far.
 * Blocking (disk): call them off the event loop.
 */
public final class AttemptQueries {

    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;

    private final AttemptIndex index;

    public AttemptQueries(AttemptIndex index) {
        this.index = index;
    }

    public AttemptIndex index() {
        return index;
    }

    /**
     * {@code {subscription, lastHour: Window, lastDay: Window, lastError: attempt | null}}; a Window is
     * {@code {attempts, succeeded, failed, successRate (null without attempts), latencyMs: {p50, p90, p99}}}.
     */
    public JsonObject stats(String subscription, long nowMillis) {
        byte[] lastError = index.lastError(subscription);
        return new JsonObject().put("subscription", subscription)
                .put("lastHour", window(index.stats(subscription, nowMillis - HOUR)))
                .put("lastDay", window(index.stats(subscription, nowMillis - DAY)))
                .put("lastError", lastError == null ? null : new JsonObject(Buffer.buffer(lastError)));
    }

    private static JsonObject window(MinuteStats s) {
        return new JsonObject().put("attempts", s.attempts).put("succeeded", s.successes)
                .put("failed", s.attempts - s.successes)
                .put("successRate", s.attempts == 0 ? null : Math.round(10_000.0 * s.successes / s.attempts) / 10_000.0)
                .put("latencyMs", new JsonObject().put("p50", s.quantile(0.5)).put("p90", s.quantile(0.9))
                        .put("p99", s.quantile(0.99)));
    }
}
