package io.hookbridge.ingress.http;

import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.http.OpsRoutes;
import io.hookbridge.common.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

/**
 * One HTTP server per event loop. {@code POST /webhooks/{source}} is a chain of small handlers, each with
 * one job and one failure answer: known source (404) and admission (503 overloaded) -> body within
 * {@code maxBodyBytes} (413) -> verify, fit the topic and produce ({@link WebhookHandler}).
 */
public final class IngressVerticle extends VerticleBase {

    private final IngressShared shared;
    private final HookbridgeConfig config;
    private HttpServer server;
    /** Requests of this verticle waiting for Kafka; touched only on its event loop. */
    private int inFlight;

    public IngressVerticle(IngressShared shared) {
        this.shared = shared;
        this.config = shared.config();
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        OpsRoutes.mount(router, shared.metrics(), shared.ready());
        router.post("/webhooks/:source")
                .handler(new Admission())
                .handler(new RawBodyHandler(config.ingress().maxBodyBytes()))
                .handler(new WebhookHandler(shared.verifiers(), shared.sender(), shared.topicLimit(),
                        config.topics(), config.ingress(), shared.ingressMetrics()));
        router.errorHandler(413, ctx -> {
            String source = ctx.pathParam("source");
            if (source != null) shared.ingressMetrics().request(source, "payload-too-large");
            // The rest of the body is unread: close rather than read (and discard) what may be a huge upload.
            if (!ctx.request().isEnded()) ctx.response().putHeader("Connection", "close");
            Problem.of(413, "payload-too-large", "Payload too large",
                    "the body is larger than " + config.ingress().maxBodyBytes() + " bytes").send(ctx);
        });
        router.errorHandler(404, ctx -> Problem.of(404, "not-found", "Not found", "no route " + ctx.request().path()).send(ctx));
        router.errorHandler(405, ctx -> Problem.of(405, "method-not-allowed", "Method not allowed",
                ctx.request().method() + " is not allowed on " + ctx.request().path()).send(ctx));
        router.errorHandler(500, ctx -> Problem.of(500, "internal-error", "Internal error", null).send(ctx));
        server = vertx.createHttpServer(new HttpServerOptions()
                .setPort(config.ingress().port())
                .setHost("0.0.0.0")
                .setMaxHeaderSize(16 * 1024));
        return server.requestHandler(router).listen();
    }

    @Override
    public Future<?> stop() {
        // shutdown() stops accepting, then lets requests in flight (and their Kafka acks) finish.
        return server == null ? Future.succeededFuture() : server.shutdown();
    }

    /**
     * Known source (404), then admission control (503 overloaded rather than queueing without bound when
     * Kafka is slower than the senders). A {@link PlatformHandler} so that Vert.x Web runs it before the
     * body is read: a refused request costs no buffering.
     */
    private final class Admission implements PlatformHandler {
        @Override
        public void handle(RoutingContext ctx) {
            String source = ctx.pathParam("source");
            if (!shared.verifiers().containsKey(source)) {
                shared.ingressMetrics().request("unknown", "unknown-source");
                Problem.of(404, "unknown-source", "Unknown source", "no source named '" + source + "' is configured").send(ctx);
                return;
            }
            if (inFlight >= config.ingress().maxInFlight()) {
                shared.ingressMetrics().request(source, "overloaded");
                ctx.response().putHeader("Retry-After", "1");
                Problem.of(503, "overloaded", "Overloaded", "too many requests in flight; retry later").send(ctx);
                return;
            }
            inFlight++;
            ctx.addEndHandler(v -> inFlight--);
            ctx.next();
        }
    }
}
