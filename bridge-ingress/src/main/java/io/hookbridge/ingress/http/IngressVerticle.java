package io.hookbridge.ingress.http;

import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.http.OpsRoutes;
import io.hookbridge.common.http.Problem;
import io.hookbridge.common.metrics.Metrics;
import io.hookbridge.ingress.kafka.InboundSender;
import io.hookbridge.ingress.verify.Verifier;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.PlatformHandler;

import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * One HTTP server per event loop. {@code POST /webhooks/{source}} is a chain of small handlers, each with
 * one job and one failure answer: known source (404) and admission (503 overloaded) -> body within
 * {@code maxBodyBytes} (413) -> verify and produce ({@link WebhookHandler}).
 */
public final class IngressVerticle extends VerticleBase {

    private final HookbridgeConfig config;
    private final Map<String, Verifier> verifiers;
    private final InboundSender sender;
    private final Metrics metrics;
    private final IngressMetrics ingressMetrics;
    private final BooleanSupplier ready;
    private HttpServer server;
    /** Requests of this verticle waiting for Kafka; touched only on its event loop. */
    private int inFlight;

    public IngressVerticle(HookbridgeConfig config, Map<String, Verifier> verifiers, InboundSender sender,
                           Metrics metrics, IngressMetrics ingressMetrics, BooleanSupplier ready) {
        this.config = config;
        this.verifiers = verifiers;
        this.sender = sender;
        this.metrics = metrics;
        this.ingressMetrics = ingressMetrics;
        this.ready = ready;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        OpsRoutes.mount(router, metrics, ready);
        router.post("/webhooks/:source")
                .handler(new Admission())
                .handler(BodyHandler.create(false).setBodyLimit(config.ingress().maxBodyBytes()))
                .handler(new WebhookHandler(verifiers, sender, config.topics(), config.ingress(), ingressMetrics));
        router.errorHandler(413, ctx -> Problem.of(413, "payload-too-large", "Payload too large",
                "the body is larger than " + config.ingress().maxBodyBytes() + " bytes").send(ctx));
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
            if (!verifiers.containsKey(source)) {
                ingressMetrics.request("unknown", "unknown-source");
                Problem.of(404, "unknown-source", "Unknown source", "no source named '" + source + "' is configured").send(ctx);
                return;
            }
            if (inFlight >= config.ingress().maxInFlight()) {
                ingressMetrics.request(source, "overloaded");
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
