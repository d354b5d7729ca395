package io.hookbridge.egress.testing;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls the admin API as an operator's script would, with the bearer token. */
public final class AdminClient {

    /** Status, body (null when empty) and the content type of an answer. */
    public record Reply(int status, JsonObject body, String contentType) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    public AdminClient(int port, String token) {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
    }

    public Reply get(String path) {
        return send("GET", path, null, token);
    }

    public Reply post(String path, JsonObject body) {
        return send("POST", path, body == null ? null : body.encode(), token);
    }

    public Reply put(String path, JsonObject body) {
        return send("PUT", path, body.encode(), token);
    }

    public Reply delete(String path) {
        return send("DELETE", path, null, token);
    }

    public Reply send(String method, String path, String body, String bearer) {
        return send(method, path, body, bearer, "application/json");
    }

    public Reply send(String method, String path, String body, String bearer, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", contentType);
        if (bearer != null) request.header("Authorization", "Bearer " + bearer);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            return new Reply(response.statusCode(), text == null || text.isEmpty() ? null : new JsonObject(text),
                    response.headers().firstValue("content-type").orElse(null));
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        }
    }

    /** Creates a subscription and returns its JSON; fails the test unless it is 201. */
    public JsonObject subscribe(String url, String... eventTypes) {
        Reply reply = post("/api/v1/subscriptions", new JsonObject().put("url", url)
                .put("eventTypes", new io.vertx.core.json.JsonArray(java.util.List.of(eventTypes))));
        if (reply.status() != 201) throw new AssertionError("create gave " + reply.status() + ": " + reply.body());
        return reply.body();
    }
}
