package io.hookbridge.ingress.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The connections of one verticle, each with at most one timer, so that none stays open doing nothing:
 * <pre>
 *   accepted --(more than maxConnections open)--> closed at once
 *      |  timer: headerTimeout
 *      v
 *   request head complete? --no, timer fires--> closed (nothing, or half a head, within headerTimeout)
 *      |  timer cancelled while requests are in flight (bodyTimeout and ackTimeout bound those)
 *      v
 *   last response ended --> timer: idleTimeout --next request head complete? no--> closed (idle)
 * </pre>
 * A request in flight is counted from its head to the end of its response, so an HTTP/2 connection with
 * streams open is not idle. Vert.x's own idle timeout (no byte read or written for idleTimeout) backs this up.
 * <p>
 * With {@code ingress.h2c} off (the default) Vert.x hands every connection over at accept, before it has read
 * a byte, so all of the above holds from the start. With h2c on it must see the first bytes to tell HTTP/1.1 from
 * HTTP/2, and hands an HTTP/1.1 connection over only with its first complete request head: until then that
 * head is bounded only by the byte idle timeout and its size limit (16 KiB), not by headerTimeout, and the
 * connection is not counted against maxConnections (docs/operations.md, "Threat model").
 * Touched only on the verticle's event loop.
 */
final class ConnectionGuard {

    private final Vertx vertx;
    private final long headerTimeoutMs;
    private final long idleTimeoutMs;
    private final int maxConnections;
    private final IngressMetrics metrics;
    private final Map<HttpConnection, Watch> open = new IdentityHashMap<>();

    ConnectionGuard(Vertx vertx, Duration headerTimeout, Duration idleTimeout, int maxConnections, IngressMetrics metrics) {
        this.vertx = vertx;
        this.headerTimeoutMs = Math.max(1, headerTimeout.toMillis());
        this.idleTimeoutMs = Math.max(1, idleTimeout.toMillis());
        this.maxConnections = maxConnections;
        this.metrics = metrics;
    }

    /** For {@code HttpServer.connectionHandler}: a new connection, accepted or closed at once. */
    void connected(HttpConnection connection) {
        if (open.size() >= maxConnections) {
            metrics.request("unknown", "too-many-connections");
            connection.close();
            return;
        }
        Watch watch = new Watch(connection);
        open.put(connection, watch);
        connection.closeHandler(v -> {
            open.remove(connection);
            watch.cancel();
        });
        watch.arm(headerTimeoutMs);
    }

    /** A request head arrived: its connection is busy until the response ends. */
    void requestStarted(HttpServerRequest request) {
        Watch watch = open.get(request.connection());
        if (watch == null) return;
        watch.active++;
        watch.seenRequest = true;
        request.response().endHandler(v -> watch.requestEnded());
    }

    /**
     * One connection's timer, armed lazily: a request neither cancels nor re-arms it (a timer per request costs
     * a hash-map entry, a scheduled task and a priority-queue insert and removal, as {@link Deadlines} found).
     * When it fires it looks at the connection: busy, it lets the next request end arm it again; idle for less
     * than its limit, it re-arms for the rest; idle for longer, it closes the connection. So under load a
     * connection's timer fires about once per idleTimeout.
     */
    private final class Watch {
        private final HttpConnection connection;
        private long timer = -1;
        private int active;
        private boolean seenRequest;
        private long idleSince = System.currentTimeMillis();

        Watch(HttpConnection connection) {
            this.connection = connection;
        }

        void requestEnded() {
            if (--active > 0 || !open.containsKey(connection)) return;
            idleSince = System.currentTimeMillis();
            if (timer < 0) arm(idleTimeoutMs);
        }

        /** Nothing, or half a request head, within headerTimeout of opening; no next head within idleTimeout. */
        private void check() {
            timer = -1;
            if (active > 0) return; // requestEnded arms it again; bodyTimeout and ackTimeout bound the request
            long limit = seenRequest ? idleTimeoutMs : headerTimeoutMs;
            long idle = System.currentTimeMillis() - idleSince;
            if (idle >= limit) {
                connection.close();
            } else {
                arm(limit - idle);
            }
        }

        void arm(long delayMs) {
            timer = vertx.setTimer(Math.max(1, delayMs), t -> check());
        }

        void cancel() {
            if (timer >= 0) vertx.cancelTimer(timer);
            timer = -1;
        }
    }
}
