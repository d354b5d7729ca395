package io.hookbridge.egress.admin;

import io.hookbridge.common.config.Secret;
import io.hookbridge.common.http.ProblemType;
import io.hookbridge.common.http.TokenSet;
import io.hookbridge.egress.attempts.AttemptQueries;
import io.hookbridge.egress.deadletter.DeadLetterReader;
import io.hookbridge.egress.deadletter.Replayer;
import io.hookbridge.egress.delivery.DeliveryStage;
import io.hookbridge.egress.replay.EventFetcher;
import io.hookbridge.egress.replay.Replays;
import io.hookbridge.egress.health.SubscriptionPolicy;
import io.hookbridge.egress.ssrf.TargetResolver;
import io.hookbridge.egress.subscription.Subscriptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

/**
 * The admin API under {@code /api/v1}: subscriptions, dead letters, the delivery log (attempts, stats, an event's
 * journey), replays and the test event, JSON in and out, every route behind
 * {@code Authorization: Bearer <egress.adminToken>}.
 */
public final class AdminApi {

    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    static final String BASE = "/api/v1";
    private static final long MAX_BODY_BYTES = 64 * 1024;

    private final TokenSet token;
    private final SubscriptionRoutes subscriptions;
    private final DeadLetterRoutes deadLetters;
    private AttemptRoutes attempts;
    private ReplayRoutes replays;
    private final PauseRoutes pauses;

    public AdminApi(Secret adminToken, Duration rotationOverlap, Subscriptions store, TargetResolver resolver,
                    DeadLetterReader deadLetterReader, Replayer replayer, SubscriptionPolicy policy) {
        this.token = new TokenSet(adminToken == null || adminToken.isBlank() ? List.of() : List.of(adminToken));
        this.subscriptions = new SubscriptionRoutes(store, resolver, rotationOverlap, policy);
        this.pauses = new PauseRoutes(store, policy);
        this.deadLetters = new DeadLetterRoutes(deadLetterReader, store, replayer);
    }

    /**
     * The delivery log's queries, replays and the test event.
     *
     * @param delivery the delivery stage (started after the API is built; asked only when a test event is sent)
     */
    public AdminApi withDeliveryLog(AttemptQueries queries, EventFetcher fetcher, Replays replayer, Subscriptions store,
                                    Supplier<DeliveryStage> delivery) {
        this.attempts = new AttemptRoutes(queries, fetcher, store);
        this.replays = new ReplayRoutes(replayer, queries.index(), fetcher, store, delivery);
        return this;
    }

    public void mount(Router router) {
        router.route(BASE + "/*").failureHandler(AdminApi::failed);
        router.route(BASE + "/*").handler(this::authenticate);
        router.route(BASE + "/*").handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
        on(router, POST, "/subscriptions", replays, ReplayRoutes::startFrom);
        on(router, POST, "/subscriptions", subscriptions, SubscriptionRoutes::create);
        on(router, GET, "/subscriptions", subscriptions, SubscriptionRoutes::list);
        on(router, GET, "/subscriptions/:id", subscriptions, SubscriptionRoutes::get);
        on(router, PUT, "/subscriptions/:id", subscriptions, SubscriptionRoutes::replace);
        on(router, PATCH, "/subscriptions/:id", subscriptions, SubscriptionRoutes::patch);
        on(router, DELETE, "/subscriptions/:id", subscriptions, SubscriptionRoutes::delete);
        on(router, POST, "/subscriptions/:id/rotate-secret", subscriptions, SubscriptionRoutes::rotateSecret);
        on(router, POST, "/subscriptions/:id/pause", pauses, PauseRoutes::pause);
        on(router, POST, "/subscriptions/:id/resume", pauses, PauseRoutes::resume);
        on(router, GET, "/dead-letters", deadLetters, DeadLetterRoutes::list);
        on(router, POST, "/dead-letters/replay", deadLetters, DeadLetterRoutes::replay);
        on(router, GET, "/subscriptions/:id/attempts", attempts, AttemptRoutes::attempts);
        on(router, GET, "/subscriptions/:id/stats", attempts, AttemptRoutes::stats);
        on(router, GET, "/events/:eventId", attempts, AttemptRoutes::event);
        on(router, POST, "/events/:eventId/resend", replays, ReplayRoutes::resend);
        on(router, POST, "/subscriptions/:id/replay", replays, ReplayRoutes::replay);
        on(router, GET, "/replays/:id", replays, ReplayRoutes::job);
        on(router, POST, "/subscriptions/:id/test", replays, ReplayRoutes::test);
    }

    /** A route of {@code routes}; none while they are null (the delivery log's, when it is off). */
    private static <R> void on(Router router, HttpMethod method, String path, R routes, BiConsumer<R, RoutingContext> handler) {
        if (routes != null) router.route(method, BASE + path).handler(ctx -> handler.accept(routes, ctx));
    }

    /**
     * What no handler answered itself: bad input a route threw as {@link InvalidInput} (400 naming the field),
     * a body over the limit (the body handler fails it with 413), or a bug. All get a problem; only a bug is
     * logged with its stack (a client's fault is not an error).
     */
    private static void failed(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (ctx.failure() instanceof InvalidInput invalid) {
            Problems.invalid(ctx, invalid);
        } else if (status == ProblemType.PAYLOAD_TOO_LARGE.status()) {
            ProblemType.PAYLOAD_TOO_LARGE.with("the body is over " + MAX_BODY_BYTES + " bytes").send(ctx);
        } else if (status >= 400 && status < 500) {
            LOG.debug("admin API {} {} refused with {}", ctx.request().method(), ctx.request().path(), status);
            Problems.invalid(ctx, new InvalidInput("body", "refused (HTTP " + status + ")"));
        } else {
            LOG.error("admin API {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
            ProblemType.INTERNAL_ERROR.with(null).send(ctx);
        }
    }

    /** In constant time ({@link TokenSet}). */
    private void authenticate(RoutingContext ctx) {
        if (token.contains(TokenSet.bearer(ctx.request().getHeader("Authorization")))) {
            ctx.next();
        } else {
            Problems.unauthorized(ctx);
        }
    }
}
