package io.hookbridge.common.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * An RFC 9457 problem: {@code type} is stable and documented (docs/errors.md), {@code detail} says what
 * was wrong with this request. Sent as {@code application/problem+json}.
 */
public record Problem(int status, String type, String title, String detail) {

    public static final String CONTENT_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://hookbridge.io/problems/";

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(status, TYPE_BASE + slug, title, detail);
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("type", type).put("title", title).put("status", status);
        if (detail != null) json.put("detail", detail);
        return json;
    }

    /** Ends the request with this problem; extra headers (such as Retry-After) are set by the caller first. */
    public void send(RoutingContext ctx) {
        send(ctx.response());
    }

    /** As {@link #send(RoutingContext)}, for a plain request handler; nothing when already answered or closed. */
    public void send(HttpServerResponse response) {
        if (response.ended() || response.closed()) return;
        response.setStatusCode(status)
                .putHeader("content-type", CONTENT_TYPE)
                .end(toJson().toBuffer());
    }
}
