package io.hookbridge.egress.admin;

import io.hookbridge.egress.deadletter.DeadLetter;
import io.hookbridge.egress.deadletter.DeadLetterReader;
import io.hookbridge.egress.deadletter.Replayer;
import io.hookbridge.egress.subscription.Subscriptions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/v1/dead-letters?subscription=ID} and {@code POST /api/v1/dead-letters/replay
 * {subscription?, ids?}}. The list shows both stages' dead letters ({@code stage}: {@code normalize} or
 * {@code delivery}); a subscription filter leaves out stage 1's (normalize's), which have none. A replay writes each
 * chosen delivery back to the first retry tier, due at once and with a fresh schedule; the answer (202)
 * comes once Kafka has them all. Stage 1's records are not events and are never replayed. Dead letters
 * stay in their topic after a replay: receivers dedup by {@code webhook-id}.
 */
record DeadLetterRoutes(DeadLetterReader reader, Subscriptions store, Replayer replayer) {

    void list(RoutingContext ctx) {
        String subscription = ctx.queryParams().get("subscription");
        ctx.vertx().executeBlocking(reader::latest, false).onSuccess(all -> {
            JsonArray data = new JsonArray();
            for (DeadLetter d : all) {
                if (subscription == null || subscription.equals(d.subscription())) data.add(d.toJson());
            }
            ctx.json(new JsonObject().put("data", data));
        }).onFailure(e -> Problems.kafkaUnavailable(ctx, e));
    }

    void replay(RoutingContext ctx) {
        JsonObject body = SubscriptionRoutes.body(ctx);
        if (body == null) throw new InvalidInput("body", "a JSON object is required");
        InvalidInput.onlyFields(body, "", Set.of("subscription", "ids"));
        String subscription = subscription(body.getValue("subscription"));
        Set<String> ids = ids(body.getValue("ids"));
        if (subscription == null && ids == null) {
            throw new InvalidInput("body", "give subscription, ids or both (replaying everything is not offered)");
        }
        if (subscription != null && Problems.knownSubscription(ctx, store, subscription) == null) return;
        ctx.vertx().executeBlocking(reader::latest, false).onSuccess(all -> {
            List<Future<Void>> writes = new ArrayList<>();
            JsonArray replayed = new JsonArray();
            for (DeadLetter d : all) {
                if (!d.replayable()) continue;
                if (subscription != null && !subscription.equals(d.subscription())) continue;
                if (ids != null && !ids.contains(d.event().id())) continue;
                if (store.find(d.subscription()) == null) continue; // deleted since: no one to deliver to
                writes.add(replayer.replay(d));
                replayed.add(new JsonObject().put("deliveryId", d.event().id()).put("subscription", d.subscription()));
            }
            Future.all(writes).onSuccess(v -> ReplayRoutes.accepted(ctx, new JsonObject().put("replayed", replayed.size()).put("data", replayed)))
                    .onFailure(e -> Problems.kafkaUnavailable(ctx, e));
        }).onFailure(e -> Problems.kafkaUnavailable(ctx, e));
    }

    private static String subscription(Object value) {
        if (value == null) return null;
        if (!(value instanceof String id) || id.isBlank()) throw new InvalidInput("subscription", "must be a subscription id");
        return id;
    }

    private static Set<String> ids(Object value) {
        if (value == null) return null;
        if (!(value instanceof JsonArray array) || array.isEmpty()) {
            throw new InvalidInput("ids", "must be a non-empty array of delivery ids");
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.getValue(i) instanceof String)) throw new InvalidInput("ids[" + i + "]", "must be a string");
            ids.add(array.getString(i));
        }
        return ids;
    }
}
