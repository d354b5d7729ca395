package io.hookbridge.ingress.verify;

import io.hookbridge.common.config.Secret;

import java.util.List;

/**
 * GitHub: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>}; delivery id
 * {@code X-GitHub-Delivery}, event type {@code X-GitHub-Event}. GitHub signs no timestamp, so there is no
 * replay window to check; the egress drops a replayed delivery id as a duplicate.
 */
public final class GithubVerifier implements Verifier {

    private static final String SIGNATURE = "X-Hub-Signature-256";
    private static final String DELIVERY = "X-GitHub-Delivery";
    private static final String EVENT = "X-GitHub-Event";
    private static final String PREFIX = "sha256=";
    private static final ProviderHeaders COPIED = new ProviderHeaders(SIGNATURE, DELIVERY, EVENT, "X-GitHub-Hook-ID");

    private final KeyRing keys;

    public GithubVerifier(List<Secret> secrets) {
        this.keys = KeyRing.of("HmacSHA256", secrets);
    }

    @Override
    public Verified verify(WebhookRequest request) {
        String signature = request.requireHeader(SIGNATURE);
        if (!signature.startsWith(PREFIX)) throw Rejection.unauthorized(SIGNATURE + " does not start with " + PREFIX);
        byte[] given = Hmac.fromHex(signature.substring(PREFIX.length()));
        if (!keys.matches(given, request.body())) throw Rejection.unauthorized(SIGNATURE + " does not match the body");
        String deliveryId = request.requireDeliveryId(DELIVERY);
        return new Verified(deliveryId, HeaderIds.orUnknown(request.header(EVENT)), COPIED.copy(request));
    }
}
