package io.hookbridge.egress.delivery;

import io.hookbridge.common.config.DeliveryConfig;
import io.hookbridge.common.signature.StandardWebhooks;
import io.hookbridge.egress.events.Event;
import io.hookbridge.egress.subscription.Subscription;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.codec.BodyCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One shard of outbound delivery, on its own event loop; a subscription always lands on the same shard,
 * so its lane (attempts in flight, work waiting for a slot) needs no locks.
 * <pre>
 *   work ──> lane: behind and over its bound? ──yes──> deferred to a retry tier ("lane-full")
 *              │no
 *            a slot? ──no──> wait in the lane
 *              │yes
 *              v
 *   subscription gone? ──> done (dropped)      disabled? ──> dead letter "subscription-disabled"
 *              │
 *   SubscriptionGate: defer? ──> deferred to a retry tier (its reason)
 *              │
 *   vet the target (SSRF) ──> sign ──> POST to the vetted address
 *              │
 *   2xx ──> done        410 ──> disable the subscription, dead letter "gone"
 *   other / timeout / refused ──> attempts left? ──yes──> retry tier (due = delay + jitter | Retry-After)
 *                                       └──no──> dead letter "retries-exhausted"
 * </pre>
 * {@code done} is called only after the outcome is final or durably handed on to Kafka.
 */
final class Dispatcher extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /** Sent with a delivery made again, naming what it replays ({@link AttemptListener.Attempt#replayOf()}). */
    static final String REPLAY_HEADER = "hookbridge-replay";

    /** How often lanes that fell behind with nothing arriving shed their excess, and empty lanes go. */
    private static final long SWEEP_MS = 250;
    static final String LANE_FULL = "lane-full";

    private final Outbound out;
    private final long timeoutMillis;
    private final Map<String, Lane> lanes = new HashMap<>();
    private final Map<String, Target> targets = new HashMap<>();
    private final LoopLag loopLag;
    private long sweepTimer;
    private long sweptAt;

    /** A subscription's parsed URL and decoded keys, kept while the subscription does not change. */
    private record Target(Subscription source, String host, int port, boolean ssl, String uri,
                          SecretKeySpec key, SecretKeySpec previousKey) {

        List<SecretKeySpec> keys(Instant now) {
            if (previousKey != null && source.previousSecretExpiresAt() != null && now.isBefore(source.previousSecretExpiresAt())) return List.of(key, previousKey);
            return List.of(key);
        }
    }

    Dispatcher(Outbound out, LoopLag loopLag) {
        this.out = out;
        this.loopLag = loopLag;
        this.timeoutMillis = out.config().timeout().toMillis();
    }

    @Override
    public Future<?> start() {
        sweepTimer = vertx.setPeriodic(SWEEP_MS, t -> sweep());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(sweepTimer);
        return Future.succeededFuture();
    }

    /** Called from the consumer's thread: the batch is taken over on this shard's event loop. */
    void submit(List<Work> batch) {
        context.runOnContext(v -> {
            long now = System.currentTimeMillis();
            for (Work work : batch) {
                Lane lane = lanes.computeIfAbsent(work.subscriptionId(), k -> newLane());
                defer(lane, lane.offer(work, now), now);
                pump(lane);
            }
        });
    }

    private Lane newLane() {
        DeliveryConfig config = out.config();
        return new Lane(config.maxInFlightPerSubscription(), config.maxQueuedPerSubscription(),
                config.maxQueueDelay().toMillis(), timeoutMillis, loopLag);
    }

    /**
     * Lanes that fell behind shed their excess even when nothing new arrives; empty lanes are dropped. The
     * sweep's own lateness tells whether this event loop keeps up ({@link LoopLag}).
     */
    private void sweep() {
        long now = System.currentTimeMillis();
        if (sweptAt > 0) loopLag.ran(sweptAt + SWEEP_MS, now);
        sweptAt = now;
        lanes.values().removeIf(lane -> {
            defer(lane, lane.shed(now), now);
            return lane.empty(now);
        });
    }

    /** Work a lane will not hold goes to Kafka, each item due at the lane's next free slot. */
    private void defer(Lane lane, List<Work> excess, long now) {
        if (excess.isEmpty()) return;
        if (lane.report(now)) {
            // At most one line per lane every Lane.REPORT_EVERY_MS: the deferral metric counts each item.
            String id = excess.get(0).subscriptionId();
            Subscription subscription = out.store().find(id);
            LOG.info("subscription {} ({}) is behind: {} deliveries deferred to Kafka ({})", id,
                    subscription == null ? "deleted" : subscription.urlForLogs(), excess.size(), lane.describe(now));
        }
        for (Work work : excess) {
            long due = lane.nextDeferral(now, out.tiers().longestWaitMillis());
            out.handOff().defer(work, due, LANE_FULL).onSuccess(v -> work.done().run());
        }
    }

    private void pump(Lane lane) {
        Work work;
        while ((work = lane.next()) != null) {
            attempt(lane, work);
        }
    }

    private void attempt(Lane lane, Work work) {
        Subscription subscription = out.store().find(work.subscriptionId());
        if (subscription == null) {
            targets.remove(work.subscriptionId());
            work.done().run(); // deleted: there is no one to deliver to, nor to replay for
            return;
        }
        if (!subscription.enabled()) {
            out.handOff().deadLetter(work, work.attempts(), "subscription-disabled", null)
                    .onSuccess(v -> work.done().run());
            return;
        }
        SubscriptionGate.Admission admission = admit(subscription);
        if (!admission.go()) {
            long due = out.tiers().spreadDueAt(System.currentTimeMillis(), admission.untilMillis());
            out.handOff().defer(work, due, admission.reason()).onSuccess(v -> work.done().run());
            return;
        }
        long startedAt = System.currentTimeMillis();
        lane.started(startedAt);
        long started = System.nanoTime();
        send(subscription, work).onComplete(ar -> {
            lane.finished(System.currentTimeMillis());
            long nanos = System.nanoTime() - started;
            Outcome outcome = ar.succeeded() ? ar.result() : Outcome.failure(ar.cause());
            out.metrics().attempt(subscription.id(), outcome.label(), nanos);
            told(subscription, work, outcome, startedAt, nanos);
            settle(subscription, work, outcome);
            pump(lane);
        });
    }

    /**
     * One attempt now, outside the lanes, the retry schedule and the policy (the test event): its outcome is
     * told to the attempt listener like any other, and answered, never retried or dead-lettered.
     */
    Future<AttemptListener.Attempt> attemptNow(Subscription subscription, Event event, String replayOf) {
        Promise<AttemptListener.Attempt> result = Promise.promise();
        context.runOnContext(v -> {
            Work work = new Work(event, subscription.id(), 0, replayOf, () -> {
            });
            long startedAt = System.currentTimeMillis();
            long started = System.nanoTime();
            send(subscription, work).onComplete(ar -> {
                long nanos = System.nanoTime() - started;
                Outcome outcome = ar.succeeded() ? ar.result() : Outcome.failure(ar.cause());
                out.metrics().attempt(subscription.id(), outcome.label(), nanos);
                AttemptListener.Attempt attempt = new AttemptListener.Attempt(subscription.id(), event, 1, startedAt,
                        nanos, outcome, replayOf);
                tell(attempt);
                result.complete(attempt);
            });
        });
        return result.future();
    }

    /** The policy's answer; a policy that throws lets the attempt through rather than stall delivery. */
    private SubscriptionGate.Admission admit(Subscription subscription) {
        try {
            return out.gate().admit(subscription, System.currentTimeMillis());
        } catch (RuntimeException e) {
            LOG.warn("subscription gate failed for {}, attempting anyway: {}", subscription.id(), e.toString());
            return SubscriptionGate.Admission.GO;
        }
    }

    /** Tells the policy and the attempt listener how an attempt ended; their failures are logged, not spread. */
    private void told(Subscription subscription, Work work, Outcome outcome, long startedAt, long nanos) {
        try {
            out.gate().record(subscription, outcome, System.currentTimeMillis());
        } catch (RuntimeException e) {
            LOG.warn("subscription gate failed to record an attempt of {}: {}", subscription.id(), e.toString());
        }
        tell(new AttemptListener.Attempt(subscription.id(), work.event(), work.attempts() + 1, startedAt, nanos, outcome,
                work.replayOf()));
    }

    private void tell(AttemptListener.Attempt attempt) {
        try {
            out.listener().attempted(attempt);
        } catch (RuntimeException e) {
            LOG.warn("attempt listener failed for {}: {}", attempt.subscriptionId(), e.toString());
        }
    }

    private Future<Outcome> send(Subscription subscription, Work work) {
        Target target;
        try {
            target = target(subscription);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        return out.resolver().vet(target.host()).compose(address -> {
            Instant now = Instant.now();
            RequestOptions options = new RequestOptions()
                    .setHost(target.host()).setPort(target.port()).setSsl(target.ssl()).setURI(target.uri());
            // Connect to the address just vetted, never to a fresh lookup of the name; Host and TLS (SNI,
            // certificate check) still use the name.
            HttpRequest<Buffer> request = out.client()
                    .request(HttpMethod.POST, SocketAddress.inetSocketAddress(target.port(), address.getHostAddress()), options)
                    // An idle timeout, and no request-level timeout or connectTimeout: in Vert.x 5.0 either one
                    // arms a pool-wait timer that races a recycled connection and logs "Promise already
                    // completed" under load (eclipse-vertx/vert.x#6169, measured here at 13k deliveries/s).
                    // The pool wait is bounded anyway: lanes cap what is in flight, and the client's own
                    // connect timeout bounds the TCP connect.
                    .idleTimeout(timeoutMillis)
                    .followRedirects(false);
            Event event = work.event();
            MultiMap headers = request.headers();
            subscription.headers().forEach(headers::set);
            for (Map.Entry<String, String> h : event.httpHeaders()) {
                headers.set(h.getKey(), h.getValue());
            }
            long timestamp = now.getEpochSecond();
            headers.set("webhook-id", event.id());
            headers.set("webhook-timestamp", Long.toString(timestamp));
            headers.set("webhook-signature", StandardWebhooks.signature(target.keys(now), event.id(), timestamp, event.body()));
            // The replay marker of a delivery made again (dead letter, range replay, resend, test).
            if (work.replayOf() != null) headers.set(REPLAY_HEADER, work.replayOf());
            if (out.listener() == AttemptListener.NONE) { // no one keeps the answer: do not collect it
                return request.as(BodyCodec.none()).sendBuffer(Buffer.buffer(event.body()))
                        .map(response -> Outcome.response(response.statusCode(), response.getHeader("retry-after"),
                                now.toEpochMilli()));
            }
            return request.as(ResponsePrefix.CODEC).sendBuffer(Buffer.buffer(event.body()))
                    .map(response -> Outcome.response(response.statusCode(), response.getHeader("retry-after"),
                            now.toEpochMilli(), keptHeaders(response.headers()), response.body()));
        });
    }

    /** The few response headers an attempt's record keeps. */
    private static List<Map.Entry<String, String>> keptHeaders(MultiMap headers) {
        List<Map.Entry<String, String>> kept = new ArrayList<>(Outcome.KEPT_HEADERS.size());
        for (String name : Outcome.KEPT_HEADERS) {
            String value = headers.get(name);
            if (value != null) kept.add(Map.entry(name, value));
        }
        return kept;
    }

    private void settle(Subscription subscription, Work work, Outcome outcome) {
        if (outcome.succeeded()) {
            work.done().run();
            return;
        }
        int made = work.attempts() + 1;
        if (outcome.gone()) {
            disable(subscription);
            out.handOff().deadLetter(work, made, "gone", outcome).onSuccess(v -> work.done().run());
            return;
        }
        Duration next = out.tiers().delayAfter(made);
        if (next == null) {
            LOG.info("delivery {} to {} dead-lettered after {} attempts: {}", work.event().id(), subscription.id(),
                    made, outcome.error());
            out.handOff().deadLetter(work, made, "retries-exhausted", outcome).onSuccess(v -> work.done().run());
            return;
        }
        long dueAt = out.tiers().dueAt(System.currentTimeMillis(), next, outcome.retryAfterMillis());
        LOG.debug("delivery {} to {} failed ({}), attempt {} due in {} ms", work.event().id(), subscription.id(),
                outcome.error(), made + 1, dueAt - System.currentTimeMillis());
        out.handOff().retry(work, made, dueAt, outcome).onSuccess(v -> work.done().run());
    }

    /** 410 Gone: the receiver says the endpoint no longer exists; stop sending until someone re-enables it. */
    private void disable(Subscription subscription) {
        Subscription current = out.store().find(subscription.id());
        if (current == null || !current.enabled()) return;
        LOG.info("subscription {} disabled: {} answered 410 Gone", subscription.id(), subscription.urlForLogs());
        out.store().update(subscription.id(), s -> s.disabled("the receiver answered 410 Gone", Instant.now()))
                .onFailure(e -> LOG.warn("cannot disable subscription {}: {}", subscription.id(), e.toString()));
    }

    private Target target(Subscription subscription) {
        Target cached = targets.get(subscription.id());
        if (cached != null && cached.source() == subscription) return cached;
        URI uri = URI.create(subscription.url());
        boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
        if (uri.getHost() == null) throw new IllegalArgumentException("no host in " + subscription.urlForLogs());
        int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) path += "?" + uri.getRawQuery();
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        Target target = new Target(subscription, host, port, ssl, path, StandardWebhooks.signingKey(subscription.secret()),
                subscription.previousSecret() == null ? null : StandardWebhooks.signingKey(subscription.previousSecret()));
        targets.put(subscription.id(), target);
        return target;
    }

}
