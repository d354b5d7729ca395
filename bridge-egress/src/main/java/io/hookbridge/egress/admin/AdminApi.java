package io.hookbridge.egress.admin;

import io.hookbridge.common.config.Secret;
import io.hookbridge.common.http.ProblemType;
import io.hookbridge.egress.attempts.AttemptQueries;
import io.hookbridge.egress.deadletter.DeadLetterReader;
import io.hookbridge.egress.deadletter.Replayer;
import io.hookbridge.egress.delivery.DeliveryStage;
import io.hookbridge.egress.replay.EventFetcher;
import io.hookbridge.egress.replay.Replays;
import io.hookbridge.egress.health.SubscriptionPolicy;
import io.hookbridge.egress.ssrf.TargetResolver;
import io.hookbridge.egress.subscription.Subscriptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The admin API under {@code /api/v1}: subscriptions, dead letters, the delivery log (attempts, stats, an event's
 * journey), replays and the test event, JSON in and out, every route behind
 * {@code Authorization: Bearer <egress.adminToken>}.
 */
public final class AdminApi {

    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    static final String BASE = "/api/v1";
    private static final long MAX_BODY_BYTES = 64 * 1024;

    private final byte[] tokenDigest;
    private final SubscriptionRoutes subscriptions;
    private final DeadLetterRoutes deadLetters;
    private AttemptRoutes attempts;
    private ReplayRoutes replays;
    private final PauseRoutes pauses;

    public AdminApi(Secret adminToken, Duration rotationOverlap, Subscriptions store, TargetResolver resolver,
                    DeadLetterReader deadLetterReader, Replayer replayer, SubscriptionPolicy policy) {
        this.tokenDigest = adminToken == null || adminToken.isBlank() ? null : sha256(adminToken.value());
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
        if (replays != null) router.post(BASE + "/subscriptions").handler(replays::startFrom);
        router.post(BASE + "/subscriptions").handler(subscriptions::create);
        router.get(BASE + "/subscriptions").handler(subscriptions::list);
        router.get(BASE + "/subscriptions/:id").handler(subscriptions::get);
        router.put(BASE + "/subscriptions/:id").handler(subscriptions::replace);
        router.patch(BASE + "/subscriptions/:id").handler(subscriptions::patch);
        router.delete(BASE + "/subscriptions/:id").handler(subscriptions::delete);
        router.post(BASE + "/subscriptions/:id/rotate-secret").handler(subscriptions::rotateSecret);
        router.post(BASE + "/subscriptions/:id/pause").handler(pauses::pause);
        router.post(BASE + "/subscriptions/:id/resume").handler(pauses::resume);
        router.get(BASE + "/dead-letters").handler(deadLetters::list);
        router.post(BASE + "/dead-letters/replay").handler(deadLetters::replay);
        if (attempts != null) {
            router.get(BASE + "/subscriptions/:id/attempts").handler(attempts::attempts);
            router.get(BASE + "/subscriptions/:id/stats").handler(attempts::stats);
            router.get(BASE + "/events/:eventId").handler(attempts::event);
            router.post(BASE + "/events/:eventId/resend").handler(replays::resend);
            router.post(BASE + "/subscriptions/:id/replay").handler(replays::replay);
            router.get(BASE + "/replays/:id").handler(replays::job);
            router.post(BASE + "/subscriptions/:id/test").handler(replays::test);
        }
    }

    /**
     * What no handler answered itself: a body over the limit (the body handler fails it with 413), or a
     * bug. Both get a problem; only a bug is logged with its stack (a client's fault is not an error).
     */
    private static void failed(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (status == ProblemType.PAYLOAD_TOO_LARGE.status()) {
            ProblemType.PAYLOAD_TOO_LARGE.with("the body is over " + MAX_BODY_BYTES + " bytes").send(ctx);
        } else if (status >= 400 && status < 500) {
            LOG.debug("admin API {} {} refused with {}", ctx.request().method(), ctx.request().path(), status);
            Problems.invalid(ctx, new InvalidInput("body", "refused (HTTP " + status + ")"));
        } else {
            LOG.error("admin API {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
            ProblemType.INTERNAL_ERROR.with(null).send(ctx);
        }
    }

    /** Constant time: both sides are hashed to the same length, then compared with MessageDigest.isEqual. */
    private void authenticate(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        boolean ok = false;
        if (tokenDigest != null && header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ok = MessageDigest.isEqual(tokenDigest, sha256(header.substring(7).trim()));
        }
        if (ok) {
            ctx.next();
        } else {
            Problems.unauthorized(ctx);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
