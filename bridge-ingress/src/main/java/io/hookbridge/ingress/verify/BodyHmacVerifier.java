package io.hookbridge.ingress.verify;

import io.hookbridge.common.config.Secret;

import java.util.List;
import java.util.stream.Stream;

/**
 * A provider's HMAC-SHA256 of the body alone in one header, keyed by the source's secrets, with the delivery id
 * and event type in headers of their own. These providers sign no timestamp, so there is no replay window to
 * check; the egress drops a replayed delivery id as a duplicate.
 * <ul>
 *   <li>GitHub: {@code X-Hub-Signature-256: sha256=<hex>}; delivery id {@code X-GitHub-Delivery}, event type
 *       {@code X-GitHub-Event}.</li>
 *   <li>Shopify: {@code X-Shopify-Hmac-Sha256: <base64>} keyed by the app's client secret; delivery id
 *       {@code X-Shopify-Webhook-Id}, event type {@code X-Shopify-Topic} (e.g. {@code orders/create}).</li>
 * </ul>
 */
public final class BodyHmacVerifier implements Verifier {

    private final String signatureHeader;
    private final String prefix;
    private final boolean base64;
    private final String deliveryHeader;
    private final String eventHeader;
    private final ProviderHeaders copied;
    private final HmacCheck check;

    private BodyHmacVerifier(List<Secret> secrets, String signatureHeader, String prefix, boolean base64,
                             String deliveryHeader, String eventHeader, String... alsoCopied) {
        this.signatureHeader = signatureHeader;
        this.prefix = prefix;
        this.base64 = base64;
        this.deliveryHeader = deliveryHeader;
        this.eventHeader = eventHeader;
        this.copied = new ProviderHeaders(Stream.concat(Stream.of(signatureHeader, deliveryHeader, eventHeader),
                Stream.of(alsoCopied)).toArray(String[]::new));
        this.check = HmacCheck.sha256(secrets, "{body}", null);
    }

    public static BodyHmacVerifier github(List<Secret> secrets) {
        return new BodyHmacVerifier(secrets, "X-Hub-Signature-256", "sha256=", false, "X-GitHub-Delivery", "X-GitHub-Event",
                "X-GitHub-Hook-ID");
    }

    public static BodyHmacVerifier shopify(List<Secret> secrets) {
        return new BodyHmacVerifier(secrets, "X-Shopify-Hmac-Sha256", "", true, "X-Shopify-Webhook-Id", "X-Shopify-Topic",
                "X-Shopify-Shop-Domain", "X-Shopify-API-Version", "X-Shopify-Event-Id", "X-Shopify-Triggered-At");
    }

    @Override
    public Verified verify(WebhookRequest request) {
        check.require(signatureHeader, request.requireSignature(signatureHeader, prefix, base64), null, null, request);
        String deliveryId = request.requireDeliveryId(deliveryHeader);
        return new Verified(deliveryId, HeaderIds.orUnknown(request.header(eventHeader)), copied.copy(request));
    }
}
