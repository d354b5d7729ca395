package io.hookbridge.ingress.http;

import io.hookbridge.common.config.IngressConfig;
import io.hookbridge.common.http.OpsRoutes;
import io.hookbridge.common.http.Problem;
import io.hookbridge.common.http.ProblemType;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

import java.util.concurrent.TimeUnit;

/**
 * One HTTP server per event loop. {@code POST /webhooks/{source}} goes straight to this verticle's
 * {@link WebhookHandler} (the hot path, without a router); everything else (the ops endpoints and the
 * problem answers for unknown paths and methods) goes through a Vert.x Web router. Every connection is
 * watched by a {@link ConnectionGuard} (count, header and idle timeouts).
 */
public final class IngressVerticle extends VerticleBase {

    private static final String WEBHOOKS = "/webhooks/";

    private final IngressShared shared;
    private HttpServer server;

    public IngressVerticle(IngressShared shared) {
        this.shared = shared;
    }

    @Override
    public Future<?> start() {
        IngressConfig ingress = shared.config().ingress();
        // The process-wide limits are split evenly over the verticles (one per event loop).
        int verticles = Math.max(1, context.getInstanceCount());
        long bodyBudget = Math.max(ingress.maxBodyBytes(), ingress.maxBodyBytesInFlight() / verticles);
        int maxConnections = Math.max(1, ingress.maxConnections() / verticles);
        WebhookHandler webhooks = new WebhookHandler(vertx, shared, bodyBudget);
        ConnectionGuard connections = new ConnectionGuard(vertx, ingress.headerTimeout(), ingress.idleTimeout(),
                maxConnections, shared.ingressMetrics());
        Router router = Router.router(vertx);
        OpsRoutes.mount(router, shared.metrics(), shared.ready());
        router.errorHandler(405, ctx -> methodNotAllowed(ctx.request()).send(ctx));
        server = vertx.createHttpServer(new HttpServerOptions()
                .setPort(ingress.port())
                .setHost("0.0.0.0")
                .setMaxHeaderSize(16 * 1024)
                // With h2c on, Vert.x reads the first bytes to tell HTTP/1.1 from HTTP/2 and hands an HTTP/1.1
                // connection over only with its first request head; off, at accept, so that ConnectionGuard's
                // headerTimeout and maxConnections hold from the first byte.
                .setHttp2ClearTextEnabled(ingress.h2c())
                // A backstop to ConnectionGuard: no byte read or written for this long closes any connection.
                .setIdleTimeout((int) Math.max(1, ingress.idleTimeout().toSeconds()))
                .setIdleTimeoutUnit(TimeUnit.SECONDS));
        return server.connectionHandler(connections::connected).requestHandler(request -> {
            connections.requestStarted(request);
            String path = request.path();
            if (!path.startsWith(WEBHOOKS) || path.length() == WEBHOOKS.length()) {
                router.handle(request);
            } else if (request.method() == HttpMethod.POST) {
                webhooks.handle(request, path.substring(WEBHOOKS.length()));
            } else {
                methodNotAllowed(request).send(request.response());
            }
        }).listen();
    }

    private static Problem methodNotAllowed(HttpServerRequest request) {
        return ProblemType.METHOD_NOT_ALLOWED.with(request.method() + " is not allowed on " + request.path());
    }

    @Override
    public Future<?> stop() {
        // shutdown() stops accepting, then lets requests in flight (and their Kafka acks) finish.
        return server == null ? Future.succeededFuture() : server.shutdown();
    }
}
