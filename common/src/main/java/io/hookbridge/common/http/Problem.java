package io.hookbridge.common.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * An RFC 9457 problem: its {@link ProblemType} is stable and documented (docs/errors.md), {@code detail}
 * says what was wrong with this request. Sent as {@code application/problem+json}.
 */
public record Problem(ProblemType kind, String detail) {

    public static final String CONTENT_TYPE = "application/problem+json";

    public int status() {
        return kind.status();
    }

    /** The {@code type} URI, relative: {@code /problems/{slug}}. */
    public String type() {
        return kind.uri();
    }

    public String title() {
        return kind.title();
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("type", type()).put("title", title()).put("status", status());
        if (detail != null) json.put("detail", detail);
        return json;
    }

    /** Ends the request with this problem; extra headers (such as Retry-After) are set by the caller first. */
    public void send(RoutingContext ctx) {
        send(ctx.response());
    }

    /** As {@link #send(RoutingContext)}, for a plain request handler; nothing when already answered or closed. */
    public void send(HttpServerResponse response) {
        send(response, toJson());
    }

    /** Sends a problem body with extension members added by the caller. */
    public static void send(HttpServerResponse response, JsonObject body) {
        if (response.ended() || response.closed()) return;
        response.setStatusCode(body.getInteger("status"))
                .putHeader("content-type", CONTENT_TYPE)
                .end(body.toBuffer());
    }
}
