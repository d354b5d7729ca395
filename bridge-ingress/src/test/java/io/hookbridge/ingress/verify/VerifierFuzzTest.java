package io.hookbridge.ingress.verify;

import io.hookbridge.common.config.Secret;
import io.hookbridge.common.signature.StandardWebhooks;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every verifier, straight (no HTTP), against many random requests whose headers look almost right: a
 * verifier either says genuine or refuses with a problem (401, 400, 415), never anything else (an
 * exception of another kind would be a 500), and only the {@code none} verifier ever says genuine.
 */
class VerifierFuzzTest {

    private static final String[] NAMES = {"X-Hub-Signature-256", "X-GitHub-Delivery", "Stripe-Signature", "X-Shopify-Hmac-Sha256",
            "X-Shopify-Webhook-Id", "X-Slack-Signature", "X-Slack-Request-Timestamp", "webhook-id", "webhook-timestamp",
            "webhook-signature", "svix-id", "svix-timestamp", "svix-signature", "X-Signature", "X-Timestamp", "Authorization",
            "X-Api-Key", "Content-Type", "X-Request-Id"};

    @Test
    void randomRequestsAreRefusedCleanly() {
        Map<String, Verifier> verifiers = new LinkedHashMap<>();
        List<Secret> secrets = List.of(new Secret("s1"), new Secret(StandardWebhooks.newSecret()));
        verifiers.put("github", BodyHmacVerifier.github(secrets));
        verifiers.put("stripe", new StripeVerifier(secrets, Duration.ofMinutes(5)));
        verifiers.put("shopify", BodyHmacVerifier.shopify(secrets));
        verifiers.put("slack", new SlackVerifier(secrets, Duration.ofMinutes(5)));
        verifiers.put("standard-webhooks", new StandardWebhooksVerifier(secrets, Duration.ofMinutes(5)));
        verifiers.put("hmac", new HmacVerifier("ingress.sources.test", SourceBuilder.source("hmac").secrets(secrets).header("X-Signature")
                .algorithm("sha256").encoding("hex").prefix("sha256=").timestampHeader("X-Timestamp")
                .signedContent("{timestamp}.{body}").deliveryIdHeader("X-Request-Id").build()));
        verifiers.put("bearer", new BearerVerifier(secrets, new HeaderIds("X-Request-Id", null)));
        verifiers.put("api-key", new ApiKeyVerifier("X-Api-Key", secrets, new HeaderIds(null, null)));
        verifiers.put("none", VerifierRegistry.forSource("test", SourceBuilder.source("none").deliveryIdHeader("X-Request-Id").build()));

        Random random = new Random(99);
        long now = System.currentTimeMillis();
        int genuine = 0;
        for (int i = 0; i < 10_000; i++) {
            MultiMap headers = MultiMap.caseInsensitiveMultiMap();
            for (int h = random.nextInt(9); h > 0; h--) {
                headers.add(NAMES[random.nextInt(NAMES.length)], plausible(random, now));
            }
            byte[] body = new byte[random.nextInt(600)];
            random.nextBytes(body);
            if (random.nextBoolean()) body = ("{\"id\":\"evt_" + i + "\",\"event_id\":\"E" + i + "\",\"type\":\"url_verification\"}").getBytes();
            for (Map.Entry<String, Verifier> e : verifiers.entrySet()) {
                WebhookRequest request = new WebhookRequest(e.getKey(), headers, body, now);
                try {
                    Verified verified = e.getValue().verify(request);
                    assertThat(e.getKey()).as("genuine from %s", headers).isEqualTo("none");
                    assertThat(verified.deliveryId()).isNotBlank();
                    genuine++;
                } catch (Rejection rejection) {
                    assertThat(Set.of(400, 401, 415)).contains(rejection.problem().status());
                    assertThat(rejection.getStackTrace()).as("a refusal costs no stack trace").isEmpty();
                }
            }
        }
        assertThat(genuine).isEqualTo(10_000);
    }

    /** Values shaped like the real ones (right prefixes, hex and base64 of the right length, fresh timestamps) or noise. */
    private static String plausible(Random random, long now) {
        byte[] mac = new byte[32];
        random.nextBytes(mac);
        String hex = HexFormat.of().formatHex(mac);
        String ts = Long.toString(now / 1000 + random.nextInt(20) - 10);
        switch (random.nextInt(12)) {
            case 0: return "sha256=" + hex;
            case 1: return "t=" + ts + ",v1=" + hex + ",v1=" + hex.substring(2);
            case 2: return "v0=" + hex;
            case 3: return "v1," + Base64.getEncoder().encodeToString(mac) + " v1,=";
            case 4: return ts;
            case 5: return Base64.getEncoder().encodeToString(mac);
            case 6: return "Bearer " + hex;
            case 7: return "application/json";
            case 8: return "application/x-www-form-urlencoded";
            case 9: return "t=,v1=,=,,t=" + ts;
            case 10: return "";
            default:
                StringBuilder s = new StringBuilder();
                for (int i = random.nextInt(40); i > 0; i--) s.append((char) (0x20 + random.nextInt(0x5f)));
                return s.toString();
        }
    }
}
