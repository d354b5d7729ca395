package io.hookbridge.egress.http;

import io.hookbridge.common.http.OpsRoutes;
import io.hookbridge.common.http.ProblemType;
import io.hookbridge.common.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** The egress's HTTP port: health, metrics and the routes it is given (the admin API). */
public final class EgressVerticle extends VerticleBase {

    private final int port;
    private final Metrics metrics;
    private final BooleanSupplier ready;
    private final Consumer<Router> routes;
    private HttpServer server;

    /** @param routes mounts the role's own routes, e.g. the admin API under /api/v1 */
    public EgressVerticle(int port, Metrics metrics, BooleanSupplier ready, Consumer<Router> routes) {
        this.port = port;
        this.metrics = metrics;
        this.ready = ready;
        this.routes = routes;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        OpsRoutes.mount(router, metrics, ready);
        routes.accept(router);
        router.errorHandler(405, ctx -> ProblemType.METHOD_NOT_ALLOWED.with(
                ctx.request().method() + " " + ctx.request().path()).send(ctx));
        server = vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("0.0.0.0"));
        return server.requestHandler(router).listen();
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.shutdown();
    }
}
