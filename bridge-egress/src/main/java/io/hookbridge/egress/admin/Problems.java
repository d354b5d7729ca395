package io.hookbridge.egress.admin;

import io.hookbridge.common.http.Problem;
import io.hookbridge.common.http.ProblemType;
import io.hookbridge.egress.subscription.Subscription;
import io.hookbridge.egress.subscription.Subscriptions;
import io.vertx.ext.web.RoutingContext;

/** The admin API's problem answers (types in {@link ProblemType}, documented in docs/errors.md). */
final class Problems {

    private Problems() {
    }

    /** 400 with an extension member {@code field} naming what was wrong (RFC 9457 allows extensions). */
    static void invalid(RoutingContext ctx, ProblemType type, String field, String message) {
        Problem.send(ctx.response(), type.with(field + ": " + message).toJson().put("field", field));
    }

    static void invalid(RoutingContext ctx, InvalidInput e) {
        invalid(ctx, ProblemType.INVALID_REQUEST, e.field(), e.getMessage());
    }

    /** The subscription the path's {@code id} names; null when there is none, after answering 404. */
    static Subscription knownSubscription(RoutingContext ctx, Subscriptions store) {
        return knownSubscription(ctx, store, ctx.pathParam("id"));
    }

    /** The subscription {@code id} names; null when there is none, after answering 404. */
    static Subscription knownSubscription(RoutingContext ctx, Subscriptions store, String id) {
        Subscription s = store.find(id);
        if (s == null) ProblemType.SUBSCRIPTION_NOT_FOUND.with("no subscription " + id).send(ctx);
        return s;
    }

    static void unauthorized(RoutingContext ctx) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"hookbridge-admin\"");
        ProblemType.UNAUTHORIZED.with("send Authorization: Bearer <egress.adminToken>").send(ctx);
    }

    static void kafkaUnavailable(RoutingContext ctx, Throwable cause) {
        ctx.response().putHeader("Retry-After", "5");
        ProblemType.KAFKA_UNAVAILABLE.with("the change could not be stored: " + cause.getMessage()).send(ctx);
    }
}
