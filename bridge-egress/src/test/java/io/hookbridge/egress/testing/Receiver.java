package io.hookbridge.egress.testing;

import com.standardwebhooks.Webhook;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real webhook receiver on 127.0.0.1: every path is an endpoint with its own behaviour (what it
 * answers) and its own log of what it got. Each request's signature is checked with the reference
 * Standard Webhooks library against the secrets the test gave the endpoint.
 */
public final class Receiver implements AutoCloseable {

    /** What an endpoint answers to the n-th request (1-based) for one webhook-id. */
    public interface Behaviour {
        Answer answer(int attemptOfThisId, int inFlight);
    }

    /** Status and headers to answer; {@code holdUntil} delays the answer until the future completes. */
    public record Answer(int status, Map<String, String> headers, Future<Void> holdUntil) {
        public static Answer status(int status) {
            return new Answer(status, Map.of(), null);
        }
    }

    /** One request as received, with its answer and whether the signature checked out. */
    public record Received(String id, String body, Map<String, String> headers, long atMillis, int status,
                           boolean verified) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    private final Vertx vertx;
    private final HttpServer server;
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final Map<String, List<String>> secrets = new ConcurrentHashMap<>();
    private final Map<String, List<Received>> received = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> maxInFlight = new ConcurrentHashMap<>();

    private Receiver(Vertx vertx) {
        this.vertx = vertx;
        this.server = vertx.createHttpServer().requestHandler(this::handle);
    }

    public static Receiver start(Vertx vertx) throws Exception {
        Receiver r = new Receiver(vertx);
        r.server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        return r;
    }

    public int port() {
        return server.actualPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public void behave(String path, Behaviour behaviour) {
        behaviours.put(path, behaviour);
    }

    /** The secrets whose signature every request to {@code path} must carry (each checked on its own). */
    public void expectSecrets(String path, String... whsecs) {
        secrets.put(path, List.of(whsecs));
    }

    public List<Received> received(String path) {
        return new ArrayList<>(received.getOrDefault(path, List.of()));
    }

    public List<String> idsAnswered2xx(String path) {
        return received(path).stream().filter(r -> r.status >= 200 && r.status < 300).map(Received::id).toList();
    }

    public int maxInFlight(String path) {
        return maxInFlight.computeIfAbsent(path, p -> new AtomicInteger()).get();
    }

    public int inFlight(String path) {
        return inFlight.computeIfAbsent(path, p -> new AtomicInteger()).get();
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        request.body().onSuccess(buffer -> {
            String body = buffer.toString(StandardCharsets.UTF_8);
            String id = request.getHeader("webhook-id");
            Map<String, String> headers = new TreeMap<>();
            request.headers().forEach(e -> headers.put(e.getKey().toLowerCase(), e.getValue()));
            boolean verified = verify(path, body, request.headers());
            int n = attempts.computeIfAbsent(path + "\0" + id, k -> new AtomicInteger()).incrementAndGet();
            AtomicInteger now = inFlight.computeIfAbsent(path, p -> new AtomicInteger());
            int current = now.incrementAndGet();
            maxInFlight.computeIfAbsent(path, p -> new AtomicInteger()).accumulateAndGet(current, Math::max);
            long at = System.currentTimeMillis();
            Answer answer = behaviours.getOrDefault(path, (a, f) -> Answer.status(204)).answer(n, current);
            Future<Void> hold = answer.holdUntil() == null ? Future.succeededFuture() : answer.holdUntil();
            hold.onComplete(ar -> {
                now.decrementAndGet();
                received.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>())
                        .add(new Received(id, body, headers, at, answer.status(), verified));
                answer.headers().forEach(request.response()::putHeader);
                request.response().setStatusCode(answer.status()).end();
            });
        });
    }

    private boolean verify(String path, String body, MultiMap headers) {
        List<String> expected = secrets.get(path);
        if (expected == null || expected.isEmpty()) return false;
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach(e -> map.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        for (String secret : expected) {
            try {
                new Webhook(secret).verify(body, map);
            } catch (Exception e) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws Exception {
        server.close().await(10, TimeUnit.SECONDS);
    }
}
