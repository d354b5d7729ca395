package io.hookbridge.egress.admin;

import io.hookbridge.common.http.Problem;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The admin API's problem answers (slugs listed in docs/errors.md). */
final class Problems {

    static final int BAD_REQUEST = 400;
    static final int UNAUTHORIZED = 401;
    static final int NOT_FOUND = 404;
    static final int KAFKA_UNAVAILABLE = 503;

    private Problems() {
    }

    /** 400 with an extension member {@code field} naming what was wrong (RFC 9457 allows extensions). */
    static void invalid(RoutingContext ctx, String slug, String field, String message) {
        JsonObject body = Problem.of(BAD_REQUEST, slug, "Invalid request", field + ": " + message).toJson()
                .put("field", field);
        send(ctx, BAD_REQUEST, body);
    }

    static void invalid(RoutingContext ctx, InvalidInput e) {
        invalid(ctx, "invalid-request", e.field(), e.getMessage());
    }

    static void unknownSubscription(RoutingContext ctx, String id) {
        Problem.of(NOT_FOUND, "subscription-not-found", "No such subscription", "no subscription " + id).send(ctx);
    }

    static void unauthorized(RoutingContext ctx) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"hookbridge-admin\"");
        Problem.of(UNAUTHORIZED, "unauthorized", "Unauthorized",
                "send Authorization: Bearer <egress.adminToken>").send(ctx);
    }

    static void kafkaUnavailable(RoutingContext ctx, Throwable cause) {
        ctx.response().putHeader("Retry-After", "5");
        Problem.of(KAFKA_UNAVAILABLE, "kafka-unavailable", "Kafka unavailable",
                "the change could not be stored: " + cause.getMessage()).send(ctx);
    }

    private static void send(RoutingContext ctx, int status, JsonObject body) {
        if (ctx.response().ended()) return;
        ctx.response().setStatusCode(status).putHeader("content-type", Problem.CONTENT_TYPE).end(body.toBuffer());
    }
}
