package io.hookbridge.egress.http;

import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.http.OpsRoutes;
import io.hookbridge.common.http.ProblemType;
import io.hookbridge.common.metrics.Metrics;
import io.hookbridge.egress.admin.AdminApi;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.util.function.BooleanSupplier;

/** The egress's HTTP port: health, metrics and (stage 2) the admin API. */
public final class EgressVerticle extends VerticleBase {

    private final HookbridgeConfig config;
    private final Metrics metrics;
    private final BooleanSupplier ready;
    private final AdminApi admin;
    private HttpServer server;

    public EgressVerticle(HookbridgeConfig config, Metrics metrics, BooleanSupplier ready) {
        this(config, metrics, ready, null);
    }

    /** @param admin stage 2's admin API, mounted under /api/v1 */
    public EgressVerticle(HookbridgeConfig config, Metrics metrics, BooleanSupplier ready, AdminApi admin) {
        this.config = config;
        this.metrics = metrics;
        this.ready = ready;
        this.admin = admin;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        OpsRoutes.mount(router, metrics, ready);
        if (admin != null) admin.mount(router);
        router.errorHandler(405, ctx -> ProblemType.METHOD_NOT_ALLOWED.with(
                ctx.request().method() + " " + ctx.request().path()).send(ctx));
        router.errorHandler(404, ctx -> ProblemType.NOT_FOUND.with("no route " + ctx.request().path()).send(ctx));
        router.errorHandler(500, ctx -> ProblemType.INTERNAL_ERROR.with(null).send(ctx));
        server = vertx.createHttpServer(new HttpServerOptions().setPort(config.egress().port()).setHost("0.0.0.0"));
        return server.requestHandler(router).listen();
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.shutdown();
    }
}
