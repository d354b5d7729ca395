package io.hookbridge.egress.admin;

import io.hookbridge.common.http.ProblemType;
import io.hookbridge.egress.attempts.AttemptIndex;
import io.hookbridge.egress.attempts.AttemptLog;
import io.hookbridge.egress.delivery.DeliveryStage;
import io.hookbridge.egress.events.Event;
import io.hookbridge.egress.replay.EventFetcher;
import io.hookbridge.egress.replay.ReplayJob;
import io.hookbridge.egress.replay.Replays;
import io.hookbridge.egress.replay.TestEvent;
import io.hookbridge.egress.subscription.Subscription;
import io.hookbridge.egress.subscription.Subscriptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Deliveries again, and the test event:
 * {@code POST /api/v1/events/{eventId}/resend {subscription?}},
 * {@code POST /api/v1/subscriptions/{id}/replay {since, until?}}, {@code GET /api/v1/replays/{id}},
 * {@code startFrom} on {@code POST /api/v1/subscriptions} (a backfill once the subscription is stored), and
 * {@code POST /api/v1/subscriptions/{id}/test}. Shapes: docs/delivery-log.md.
 *
 * @param delivery the delivery stage, which starts after the admin API is built
 */
record ReplayRoutes(Replays replays, AttemptIndex index, EventFetcher fetcher, Subscriptions store, Supplier<DeliveryStage> delivery) {

    static final int ACCEPTED = 202;
    private static final String START_FROM = "startFrom";

    void resend(RoutingContext ctx) {
        String eventId = ctx.pathParam("eventId");
        JsonObject body = optionalBody(ctx);
        InvalidInput.onlyFields(body, "", Set.of("subscription"));
        Object value = body.getValue("subscription");
        if (value != null && !(value instanceof String)) throw new InvalidInput("subscription", "must be a subscription id");
        String only = (String) value;
        if (only != null && Problems.knownSubscription(ctx, store, only) == null) return;
        String marker = "resend:rsn_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        ctx.vertx().executeBlocking(() -> {
            AttemptIndex.EventPosition position = index.eventPosition(eventId);
            ConsumerRecord<byte[], byte[]> record = position == null ? null : fetcher.fetch(position.partition(), position.offset());
            if (record == null) return null;
            List<String> to = only != null ? List.of(only) : store.subscribedTo(Event.typeOf(record));
            replays.resend(record, to, marker);
            return to;
        }, false).onSuccess(to -> {
            if (to == null) {
                ProblemType.EVENT_NOT_FOUND.with("event " + eventId + " is not in topics.events (as far as this instance has read)").send(ctx);
                return;
            }
            accepted(ctx, new JsonObject().put("eventId", eventId).put("marker", marker).put("resent", to.size())
                    .put("subscriptions", new JsonArray(to)));
        }).onFailure(e -> Problems.kafkaUnavailable(ctx, e));
    }

    void replay(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (Problems.knownSubscription(ctx, store) == null) return;
        JsonObject body = SubscriptionRoutes.body(ctx);
        if (body == null) throw new InvalidInput("body", "a JSON object is required: {\"since\": ..., \"until\": ...}");
        InvalidInput.onlyFields(body, "", Set.of("since", "until"));
        long since = AttemptRoutes.time("since", text(body, "since", true), 0);
        long until = AttemptRoutes.time("until", text(body, "until", false), System.currentTimeMillis());
        if (since >= until) throw new InvalidInput("until", "must be after since");
        start(ctx, "replay", id, since, until);
    }

    void job(RoutingContext ctx) {
        ReplayJob job = replays.job(ctx.pathParam("id"));
        if (job == null) {
            ProblemType.REPLAY_NOT_FOUND.with("no replay " + ctx.pathParam("id") + " on this instance").send(ctx);
        } else {
            ctx.json(job.toJson());
        }
    }

    /**
     * Before the create route: checks and takes {@code startFrom} out of the body (the subscription itself does not
     * keep it), and once the subscription is stored (201) starts its backfill from then to its creation.
     */
    void startFrom(RoutingContext ctx) {
        JsonObject body;
        try {
            body = SubscriptionRoutes.body(ctx);
        } catch (InvalidInput e) {
            ctx.next(); // the create route answers it
            return;
        }
        if (body == null || !body.containsKey(START_FROM)) {
            ctx.next();
            return;
        }
        long from = AttemptRoutes.time(START_FROM, text(body, START_FROM, true), 0);
        if (from > System.currentTimeMillis()) throw new InvalidInput(START_FROM, "must not be in the future");
        // Vert.x Web parses a request body once and hands every handler the same JsonObject, so the create
        // route, which refuses unknown fields, does not see it.
        body.remove(START_FROM);
        ctx.addHeadersEndHandler(v -> {
            String location = ctx.response().headers().get("Location");
            if (ctx.response().getStatusCode() != SubscriptionRoutes.CREATED || location == null) return;
            String subscription = location.substring(location.lastIndexOf('/') + 1);
            try {
                ReplayJob job = replays.start("backfill", subscription, from, System.currentTimeMillis());
                ctx.response().putHeader("hookbridge-backfill", job.id());
            } catch (Replays.Busy busy) {
                ctx.response().putHeader("hookbridge-backfill", "refused: " + busy.getMessage());
            }
        });
        ctx.next();
    }

    void test(RoutingContext ctx) {
        Subscription s = Problems.knownSubscription(ctx, store);
        if (s == null) return;
        delivery.get().attemptNow(s, TestEvent.of(s), "test")
                .onSuccess(attempt -> ctx.json(new JsonObject(io.vertx.core.buffer.Buffer.buffer(AttemptLog.of(attempt).toBytes()))))
                .onFailure(ctx::fail);
    }

    private void start(RoutingContext ctx, String kind, String subscription, long since, long until) {
        ReplayJob job;
        try {
            job = replays.start(kind, subscription, since, until);
        } catch (Replays.Busy busy) {
            ctx.response().putHeader("Retry-After", "10");
            ProblemType.TOO_MANY_REPLAYS.with(busy.getMessage()).send(ctx);
            return;
        }
        ctx.response().putHeader("Location", AdminApi.BASE + "/replays/" + job.id());
        accepted(ctx, job.toJson());
    }

    /** 202 with a JSON body: the work is under way (replays) or stored in Kafka (dead-letter replays). */
    static void accepted(RoutingContext ctx, JsonObject body) {
        ctx.response().setStatusCode(ACCEPTED).putHeader("content-type", "application/json").end(body.toBuffer());
    }

    private static JsonObject optionalBody(RoutingContext ctx) {
        if (ctx.body().isEmpty()) return new JsonObject();
        JsonObject body = SubscriptionRoutes.body(ctx);
        return body == null ? new JsonObject() : body;
    }

    private static String text(JsonObject body, String field, boolean required) {
        Object value = body.getValue(field);
        if (value == null) {
            if (required) throw new InvalidInput(field, "missing (an RFC 3339 time, e.g. 2026-12-02T16:00:00Z)");
            return null;
        }
        if (!(value instanceof String text)) throw new InvalidInput(field, "must be an RFC 3339 time, e.g. 2026-12-02T16:00:00Z");
        return text;
    }
}
