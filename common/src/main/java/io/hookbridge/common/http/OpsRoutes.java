package io.hookbridge.common.http;

import io.hookbridge.common.metrics.Metrics;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.util.function.BooleanSupplier;

/**
 * The endpoints every role serves (liveness, readiness, Prometheus metrics and the problem types' docs), and its
 * answers to an unknown path (404) and to a bug (500).
 */
public final class OpsRoutes {

    private static final ProblemDocs PROBLEM_DOCS = ProblemDocs.load();

    private OpsRoutes() {
    }

    /** @param ready true while the role can do its job (for both roles: while Kafka answers) */
    public static void mount(Router router, Metrics metrics, BooleanSupplier ready) {
        router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
        router.get("/health/ready").handler(ctx -> {
            boolean up = ready.getAsBoolean();
            ctx.response().setStatusCode(up ? 200 : 503);
            ctx.json(new JsonObject().put("status", up ? "UP" : "DOWN"));
        });
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                .end(metrics.scrape()));
        PROBLEM_DOCS.mount(router);
        router.errorHandler(404, ctx -> ProblemType.NOT_FOUND.with("no route " + ctx.request().path()).send(ctx));
        router.errorHandler(500, ctx -> ProblemType.INTERNAL_ERROR.with(null).send(ctx));
    }
}
