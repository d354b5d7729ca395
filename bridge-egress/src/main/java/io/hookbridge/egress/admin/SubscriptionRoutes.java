package io.hookbridge.egress.admin;

import io.hookbridge.common.http.ProblemType;
import io.hookbridge.common.signature.StandardWebhooks;
import io.hookbridge.egress.health.SubscriptionPolicy;
import io.hookbridge.egress.ssrf.TargetRefusedException;
import io.hookbridge.egress.ssrf.TargetResolver;
import io.hookbridge.egress.subscription.Subscription;
import io.hookbridge.egress.subscription.Subscriptions;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/** {@code /api/v1/subscriptions}: create, list, get, replace, delete, rotate-secret. */
record SubscriptionRoutes(Subscriptions store, TargetResolver resolver, Duration rotationOverlap, SubscriptionPolicy policy) {

    static final int CREATED = 201;
    static final int NO_CONTENT = 204;
    static final String MERGE_PATCH = "application/merge-patch+json";
    private static final SecureRandom RANDOM = new SecureRandom();

    void create(RoutingContext ctx) {
        SubscriptionInput input = SubscriptionInput.parse(body(ctx));
        vet(ctx, input.url()).onSuccess(v -> {
            Instant now = Instant.now();
            Subscription s = new Subscription(newId(), input.url(), input.eventTypes(), input.description(),
                    input.headers(), input.enabled() == null || input.enabled(),
                    input.secret() != null ? input.secret() : StandardWebhooks.newSecret(), null, null, now, now, null,
                    input.rateLimit(), null);
            // A secret the caller chose is not echoed back; a generated one is shown this once.
            store.put(s).onSuccess(saved -> ctx.response().setStatusCode(CREATED)
                            .putHeader("Location", "/api/v1/subscriptions/" + saved.id())
                            .putHeader("content-type", "application/json")
                            .end((input.secret() != null ? SubscriptionView.shown(saved, policy) : SubscriptionView.withSecret(saved, policy)).toBuffer()))
                    .onFailure(e -> Problems.kafkaUnavailable(ctx, e));
        });
    }

    void list(RoutingContext ctx) {
        JsonArray data = new JsonArray();
        store.all().forEach(s -> data.add(SubscriptionView.shown(s, policy)));
        ctx.json(new JsonObject().put("data", data));
    }

    void get(RoutingContext ctx) {
        Subscription s = Problems.knownSubscription(ctx, store);
        if (s != null) ctx.json(SubscriptionView.shown(s, policy));
    }

    /** PUT replaces what the body describes; a secret left out stays as it is (rotate it with rotate-secret). */
    void replace(RoutingContext ctx) {
        Subscription current = Problems.knownSubscription(ctx, store);
        if (current == null) return;
        update(ctx, current, SubscriptionInput.parse(body(ctx)));
    }

    /**
     * PATCH applies a JSON Merge Patch (RFC 7396) to the subscription as PUT would describe it: members
     * left out stay, {@code null} removes one ({@code {"headers": {"X-A": null}}} removes one header).
     */
    void patch(RoutingContext ctx) {
        Subscription current = Problems.knownSubscription(ctx, store);
        if (current == null) return;
        String contentType = ctx.request().getHeader("content-type");
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim();
        if (!MERGE_PATCH.equalsIgnoreCase(mediaType) && !"application/json".equalsIgnoreCase(mediaType)) {
            ProblemType.UNSUPPORTED_MEDIA_TYPE.with("send the patch as " + MERGE_PATCH + " (or application/json)").send(ctx);
            return;
        }
        JsonObject patch = body(ctx);
        if (patch == null) throw new InvalidInput("body", "a JSON object is required");
        update(ctx, current, SubscriptionInput.parse(JsonMergePatch.apply(SubscriptionInput.view(current), patch)));
    }

    private void update(RoutingContext ctx, Subscription current, SubscriptionInput input) {
        vet(ctx, input.url()).onSuccess(v -> {
            boolean enabled = input.enabled() == null || input.enabled();
            Subscription s = new Subscription(current.id(), input.url(), input.eventTypes(), input.description(),
                    input.headers(), enabled, input.secret() != null ? input.secret() : current.secret(),
                    input.secret() != null ? null : current.previousSecret(),
                    input.secret() != null ? null : current.previousSecretExpiresAt(),
                    current.createdAt(), Instant.now(), enabled ? null : current.disabledReason(),
                    input.rateLimit(), current.pausedAt());
            store.put(s).onSuccess(saved -> ctx.json(SubscriptionView.shown(saved, policy)))
                    .onFailure(e -> Problems.kafkaUnavailable(ctx, e));
        });
    }

    void delete(RoutingContext ctx) {
        Subscription current = Problems.knownSubscription(ctx, store);
        if (current == null) return;
        store.delete(current.id()).onSuccess(v -> ctx.response().setStatusCode(NO_CONTENT).end())
                .onFailure(e -> Problems.kafkaUnavailable(ctx, e));
    }

    /** A new secret; the old one keeps signing beside it for {@code delivery.rotationOverlap}. */
    void rotateSecret(RoutingContext ctx) {
        Subscription current = Problems.knownSubscription(ctx, store);
        if (current == null) return;
        String given = SubscriptionInput.rotationSecret(ctx.body().length() == 0 ? null : body(ctx));
        Instant now = Instant.now();
        Subscription rotated = current.withSecret(given != null ? given : StandardWebhooks.newSecret(),
                now.plus(rotationOverlap), now);
        store.put(rotated).onSuccess(saved -> ctx.json(given != null ? SubscriptionView.shown(saved, policy) : SubscriptionView.withSecret(saved, policy)))
                .onFailure(e -> Problems.kafkaUnavailable(ctx, e));
    }

    /** The SSRF guard at subscription time; answers 400 itself when the target is refused. */
    private Future<Void> vet(RoutingContext ctx, String url) {
        String host = URI.create(url).getHost();
        if (host.startsWith("[")) host = host.substring(1, host.length() - 1);
        return resolver.vet(host).<Void>mapEmpty().onFailure(e -> {
            if (e instanceof TargetRefusedException) {
                Problems.invalid(ctx, ProblemType.TARGET_REFUSED, "url", e.getMessage());
            } else {
                ctx.fail(e);
            }
        });
    }

    static JsonObject body(RoutingContext ctx) {
        try {
            return ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            throw new InvalidInput("body", "not a JSON object");
        }
    }

    private static String newId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "sub_" + HexFormat.of().formatHex(bytes);
    }
}
