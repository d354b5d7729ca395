package io.hookbridge.ingress.verify;

import org.junit.jupiter.api.Test;

import static io.hookbridge.ingress.verify.Requests.refused;
import static io.hookbridge.ingress.verify.Requests.request;
import static io.hookbridge.ingress.verify.Requests.secrets;
import static io.hookbridge.ingress.verify.Requests.unauthorized;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shopify publishes no Java library, so the vector was computed independently with OpenSSL:
 * {@code printf '%s' "$BODY" | openssl dgst -sha256 -hmac shpss_test_secret -binary | base64}.
 */
class ShopifyVerifierTest {

    static final String SECRET = "shpss_test_secret";
    static final String BODY = "{\"id\":820982911946154508,\"email\":\"jon@example.com\",\"topic\":\"orders/create\"}";
    static final String SIGNATURE = "sTt9RaOhi2L8h63HdzGr3K+oErwk988IFB3KhRdvUIU=";
    private static final long NOW = System.currentTimeMillis();

    private final BodyHmacVerifier verifier = BodyHmacVerifier.shopify(secrets(SECRET));

    private static WebhookRequest shopify(String body, String signature) {
        return request("shop", body, NOW, "X-Shopify-Hmac-Sha256", signature, "X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
                "X-Shopify-Topic", "orders/create", "X-Shopify-Shop-Domain", "example.myshopify.com", "Content-Type", "application/json");
    }

    @Test
    void theOpensslVectorIsGenuine() {
        Verified verified = verifier.verify(shopify(BODY, SIGNATURE));

        assertThat(verified.deliveryId()).isEqualTo("b54557e4-bdd9-4b37-8a5f-bf7d70bcd043");
        assertThat(verified.eventType()).isEqualTo("orders/create");
        assertThat(verified.providerHeaders()).containsEntry("x-shopify-hmac-sha256", SIGNATURE)
                .containsEntry("x-shopify-webhook-id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043")
                .containsEntry("x-shopify-topic", "orders/create")
                .containsEntry("x-shopify-shop-domain", "example.myshopify.com");
    }

    @Test
    void tamperedWrongSecretMissingOrMalformedIsRefused() {
        unauthorized(verifier, shopify(BODY.replace("jon", "eve"), SIGNATURE));
        unauthorized(BodyHmacVerifier.shopify(secrets("other")), shopify(BODY, SIGNATURE));
        unauthorized(verifier, shopify(BODY, null));
        unauthorized(verifier, shopify(BODY, "not base64!"));
        unauthorized(verifier, shopify(BODY, SIGNATURE.substring(1)));
        unauthorized(verifier, shopify(BODY, ""));
    }

    @Test
    void rotation() {
        assertThat(BodyHmacVerifier.shopify(secrets("next", SECRET)).verify(shopify(BODY, SIGNATURE)).deliveryId()).isNotBlank();
    }

    @Test
    void aGenuineRequestWithoutItsWebhookIdIs400() {
        refused(verifier, request("shop", BODY, NOW, "X-Shopify-Hmac-Sha256", SIGNATURE), 400, "missing-delivery-id");
    }
}
