package io.hookbridge.ingress.verify;

import io.hookbridge.common.config.Secret;

import java.util.List;
import java.util.Map;

/**
 * GitHub: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>}; delivery id
 * {@code X-GitHub-Delivery}, event type {@code X-GitHub-Event}.
 */
public final class GithubVerifier implements Verifier {

    private static final String SIGNATURE = "X-Hub-Signature-256";
    private static final String PREFIX = "sha256=";

    private final List<Secret> secrets;

    public GithubVerifier(List<Secret> secrets) {
        this.secrets = List.copyOf(secrets);
    }

    @Override
    public Verified verify(WebhookRequest request) {
        String signature = request.header(SIGNATURE);
        if (signature == null) throw Rejection.unauthorized("missing header " + SIGNATURE);
        if (!signature.startsWith(PREFIX)) throw Rejection.unauthorized(SIGNATURE + " does not start with " + PREFIX);
        byte[] given = Hmac.fromHex(signature.substring(PREFIX.length()));
        boolean match = false;
        for (Secret secret : secrets) {
            match |= Hmac.equal(Hmac.compute("HmacSHA256", secret.bytes(), request.body()), given);
        }
        if (!match) throw Rejection.unauthorized(SIGNATURE + " does not match the body");
        String deliveryId = request.header("X-GitHub-Delivery");
        if (deliveryId == null || deliveryId.isBlank()) {
            throw Rejection.badRequest("missing-delivery-id", "missing header X-GitHub-Delivery");
        }
        String event = request.header("X-GitHub-Event");
        return new Verified(deliveryId, event == null || event.isBlank() ? "unknown" : event,
                Map.of("x-github-delivery", deliveryId, "x-hub-signature-256", signature,
                        "x-github-event", event == null ? "" : event));
    }
}
