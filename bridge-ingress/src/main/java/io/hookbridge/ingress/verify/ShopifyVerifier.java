package io.hookbridge.ingress.verify;

import io.hookbridge.common.config.Secret;

import java.util.List;

/**
 * Shopify: {@code X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the body>} keyed by the app's client
 * secret; delivery id {@code X-Shopify-Webhook-Id}, event type {@code X-Shopify-Topic} (e.g.
 * {@code orders/create}). Shopify signs no timestamp.
 */
public final class ShopifyVerifier implements Verifier {

    private static final String SIGNATURE = "X-Shopify-Hmac-Sha256";
    private static final String DELIVERY = "X-Shopify-Webhook-Id";
    private static final String TOPIC = "X-Shopify-Topic";
    private static final ProviderHeaders COPIED = new ProviderHeaders(SIGNATURE, DELIVERY, TOPIC,
            "X-Shopify-Shop-Domain", "X-Shopify-API-Version", "X-Shopify-Event-Id", "X-Shopify-Triggered-At");

    private final KeyRing keys;

    public ShopifyVerifier(List<Secret> secrets) {
        this.keys = KeyRing.of("HmacSHA256", secrets);
    }

    @Override
    public Verified verify(WebhookRequest request) {
        String signature = request.requireHeader(SIGNATURE);
        if (!keys.matches(Hmac.fromBase64(signature.trim()), request.body())) {
            throw Rejection.unauthorized(SIGNATURE + " does not match the body");
        }
        String deliveryId = request.requireDeliveryId(DELIVERY);
        return new Verified(deliveryId, HeaderIds.orUnknown(request.header(TOPIC)), COPIED.copy(request));
    }
}
