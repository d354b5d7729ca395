package io.hookbridge.egress.admin;

import io.hookbridge.common.http.ProblemType;
import io.hookbridge.egress.attempts.AttemptIndex;
import io.hookbridge.egress.attempts.AttemptQueries;
import io.hookbridge.egress.attempts.AttemptRecord;
import io.hookbridge.egress.replay.EventFetcher;
import io.hookbridge.egress.subscription.Subscriptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The delivery log's queries, answered from this instance's attempt index (every instance has the same
 * once it has read as far):
 * {@code GET /api/v1/subscriptions/{id}/attempts?status=&since=&limit=&cursor=},
 * {@code GET /api/v1/subscriptions/{id}/stats} and {@code GET /api/v1/events/{eventId}} (the event's journey).
 * Shapes: docs/delivery-log.md.
 */
record AttemptRoutes(AttemptQueries queries, EventFetcher fetcher, Subscriptions store) {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    private static final Set<String> OUTCOMES = Set.of("success", "http-error", "gone", "timeout", "connection-error", "refused");

    void attempts(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (Problems.knownSubscription(ctx, store) == null) return;
        Predicate<AttemptRecord> filter = status(ctx.queryParams().get("status"));
        long since = time("since", ctx.queryParams().get("since"), 0);
        int limit = limit(ctx.queryParams().get("limit"));
        String cursor = ctx.queryParams().get("cursor");
        ctx.vertx().executeBlocking(() -> queries.index().attempts(id, filter, since, limit, cursor), false)
                .onSuccess(page -> {
                    JsonArray data = new JsonArray();
                    page.attempts().forEach(json -> data.add(new JsonObject(io.vertx.core.buffer.Buffer.buffer(json))));
                    ctx.json(new JsonObject().put("data", data).put("nextCursor", page.nextCursor()));
                })
                .onFailure(e -> {
                    if (e instanceof IllegalArgumentException) {
                        Problems.invalid(ctx, new InvalidInput("cursor", e.getMessage()));
                    } else {
                        ctx.fail(e);
                    }
                });
    }

    void stats(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (Problems.knownSubscription(ctx, store) == null) return;
        ctx.vertx().executeBlocking(() -> queries.stats(id, System.currentTimeMillis()), false)
                .onSuccess(ctx::json)
                .onFailure(ctx::fail);
    }

    void event(RoutingContext ctx) {
        String eventId = ctx.pathParam("eventId");
        ctx.vertx().executeBlocking(() -> journey(eventId), false).onSuccess(journey -> {
            if (journey == null) {
                ProblemType.EVENT_NOT_FOUND.with("no event " + eventId + " in topics.events or the attempt log").send(ctx);
            } else {
                ctx.json(journey);
            }
        }).onFailure(ctx::fail);
    }

    /** Blocking: the index, then (when it is still there) the record on topics.events. Null when neither knows it. */
    private JsonObject journey(String eventId) {
        AttemptIndex index = queries.index();
        AttemptIndex.EventPosition position = index.eventPosition(eventId);
        JsonArray attempts = new JsonArray();
        index.eventAttempts(eventId).forEach(json -> attempts.add(new JsonObject(io.vertx.core.buffer.Buffer.buffer(json))));
        if (position == null && attempts.isEmpty()) return null;
        ConsumerRecord<byte[], byte[]> record = position == null ? null : fetcher.fetch(position.partition(), position.offset());
        return new JsonObject().put("id", eventId)
                .put("event", record == null ? null : EventJson.of(record))
                .put("inboundCopies", index.inboundCopies(eventId))
                .put("attempts", attempts);
    }

    /** {@code success}, {@code failure}, one of the outcomes, or a three-digit HTTP status. */
    private static Predicate<AttemptRecord> status(String value) {
        if (value == null || value.isBlank()) return null;
        if (value.equals("failure")) return a -> !a.succeeded();
        if (OUTCOMES.contains(value)) return a -> value.equals(a.outcome());
        if (value.matches("[1-5][0-9][0-9]")) {
            int code = Integer.parseInt(value);
            return a -> a.status() != null && a.status() == code;
        }
        throw new InvalidInput("status", "must be success, failure, one of " + new java.util.TreeSet<>(OUTCOMES)
                + " or an HTTP status such as 503");
    }

    static long time(String field, String value, long fallback) {
        if (value == null || value.isBlank()) return fallback;
        try {
            return Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new InvalidInput(field, "must be an RFC 3339 time in UTC, e.g. 2026-12-02T16:00:00Z");
        }
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) return DEFAULT_LIMIT;
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) return limit;
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidInput("limit", "must be a whole number from 1 to " + MAX_LIMIT);
    }
}
