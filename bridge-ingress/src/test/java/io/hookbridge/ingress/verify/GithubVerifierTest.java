package io.hookbridge.ingress.verify;

import org.junit.jupiter.api.Test;

import static io.hookbridge.ingress.verify.Requests.refused;
import static io.hookbridge.ingress.verify.Requests.request;
import static io.hookbridge.ingress.verify.Requests.secrets;
import static io.hookbridge.ingress.verify.Requests.unauthorized;
import static org.assertj.core.api.Assertions.assertThat;

class GithubVerifierTest {

    /** GitHub's own test vector (docs: "Validating webhook deliveries"). */
    static final String SECRET = "It's a Secret to Everybody";
    static final String BODY = "Hello, World!";
    static final String SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    private static final long NOW = System.currentTimeMillis();

    private final BodyHmacVerifier verifier = BodyHmacVerifier.github(secrets(SECRET));

    private static WebhookRequest github(String body, String signature) {
        return request("gh", body, NOW, "X-Hub-Signature-256", signature, "X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958",
                "X-GitHub-Event", "push", "X-GitHub-Hook-ID", "292430182", "Authorization", "not copied");
    }

    @Test
    void githubsOwnTestVectorIsGenuine() {
        Verified verified = verifier.verify(github(BODY, SIGNATURE));

        assertThat(verified.deliveryId()).isEqualTo("72d3162e-cc78-11e3-81ab-4c9367dc0958");
        assertThat(verified.eventType()).isEqualTo("push");
        assertThat(verified.providerHeaders()).containsExactly(
                org.assertj.core.api.Assertions.entry("x-hub-signature-256", SIGNATURE),
                org.assertj.core.api.Assertions.entry("x-github-delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"),
                org.assertj.core.api.Assertions.entry("x-github-event", "push"),
                org.assertj.core.api.Assertions.entry("x-github-hook-id", "292430182"));
    }

    @Test
    void upperCaseHexIsTheSameSignature() {
        assertThat(verifier.verify(github(BODY, "sha256=" + SIGNATURE.substring(7).toUpperCase())).deliveryId()).isNotBlank();
    }

    @Test
    void aTamperedBodyAWrongSecretOrAMissingOrMalformedHeaderIsRefused() {
        unauthorized(verifier, github("Hello, World?", SIGNATURE));
        unauthorized(BodyHmacVerifier.github(secrets("another secret")), github(BODY, SIGNATURE));
        unauthorized(verifier, github(BODY, null));
        unauthorized(verifier, github(BODY, SIGNATURE.substring(7)));
        unauthorized(verifier, github(BODY, "sha256=xyz"));
        unauthorized(verifier, github(BODY, "sha256="));
        unauthorized(verifier, github(BODY, SIGNATURE.substring(0, SIGNATURE.length() - 2)));
        unauthorized(verifier, github(BODY, "sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"));
    }

    @Test
    void everyConfiguredSecretIsAcceptedSoItCanBeRotated() {
        BodyHmacVerifier rotating = BodyHmacVerifier.github(secrets("the new secret", SECRET));
        assertThat(rotating.verify(github(BODY, SIGNATURE)).deliveryId()).isNotBlank();
        BodyHmacVerifier rotated = BodyHmacVerifier.github(secrets(SECRET, "the new secret"));
        assertThat(rotated.verify(github(BODY, SIGNATURE)).deliveryId()).isNotBlank();
    }

    @Test
    void aGenuineRequestWithoutItsDeliveryIdIs400() {
        refused(verifier, request("gh", BODY, NOW, "X-Hub-Signature-256", SIGNATURE), 400, "missing-delivery-id");
    }

    @Test
    void aMissingEventHeaderIsUnknown() {
        Verified verified = verifier.verify(request("gh", BODY, NOW, "X-Hub-Signature-256", SIGNATURE, "X-GitHub-Delivery", "d-1"));
        assertThat(verified.eventType()).isEqualTo("unknown");
        assertThat(verified.providerHeaders()).containsOnlyKeys("x-hub-signature-256", "x-github-delivery");
    }
}
