package io.hookbridge.ingress.verify;

import org.junit.jupiter.api.Test;

import static io.hookbridge.ingress.verify.Requests.request;
import static io.hookbridge.ingress.verify.Requests.secrets;
import static io.hookbridge.ingress.verify.Requests.unauthorized;
import static org.assertj.core.api.Assertions.assertThat;

class TokenVerifiersTest {

    private final HeaderIds ids = new HeaderIds("X-Request-Id", "X-Event");

    @Test
    void bearerAcceptsEveryConfiguredTokenAndKeepsItOffTheRecord() {
        BearerVerifier verifier = new BearerVerifier(secrets("old-token", "new-token"), ids);

        Verified verified = verifier.verify(request("crm", "{}", 0, "Authorization", "Bearer new-token", "X-Request-Id", "r-1",
                "X-Event", "contact.created"));
        assertThat(verified.deliveryId()).isEqualTo("r-1");
        assertThat(verified.eventType()).isEqualTo("contact.created");
        assertThat(verified.providerHeaders()).containsOnlyKeys("x-request-id", "x-event");
        assertThat(verifier.verify(request("crm", "{}", 0, "Authorization", "bearer old-token")).deliveryId()).hasSize(64);

        unauthorized(verifier, request("crm", "{}", 0, "Authorization", "Bearer wrong"));
        unauthorized(verifier, request("crm", "{}", 0, "Authorization", "Bearer new-toke"));
        unauthorized(verifier, request("crm", "{}", 0, "Authorization", "Bearer "));
        unauthorized(verifier, request("crm", "{}", 0, "Authorization", "Basic bmV3LXRva2Vu"));
        unauthorized(verifier, request("crm", "{}", 0, "Authorization", "new-token"));
        unauthorized(verifier, request("crm", "{}", 0));
    }

    @Test
    void apiKeyReadsTheRawKeyFromItsHeaderDefaultAuthorization() {
        ApiKeyVerifier byDefault = new ApiKeyVerifier(null, secrets("k-1"), ids);
        assertThat(byDefault.verify(request("p", "x", 0, "Authorization", "k-1")).providerHeaders()).isEmpty();
        unauthorized(byDefault, request("p", "x", 0, "Authorization", "Bearer k-1"));

        ApiKeyVerifier custom = new ApiKeyVerifier("X-Api-Key", secrets("k-1", "k-2"), ids);
        assertThat(custom.verify(request("p", "x", 0, "x-api-key", "k-2")).deliveryId()).hasSize(64);
        unauthorized(custom, request("p", "x", 0, "Authorization", "k-2"));
        unauthorized(custom, request("p", "x", 0, "X-Api-Key", "k-3"));
        unauthorized(custom, request("p", "x", 0, "X-Api-Key", ""));
    }

    @Test
    void noneAcceptsEverythingWithIdsFromHeadersOrTheContentHash() {
        Verifier verifier = VerifierRegistry.forSource("open",
                SourceBuilder.source("none").deliveryIdHeader("X-Request-Id").eventTypeHeader("X-Event").build());
        assertThat(verifier.verify(request("open", "body", 0, "X-Request-Id", "r-9")).deliveryId()).isEqualTo("r-9");
        Verified hashed = verifier.verify(request("open", "body", 0));
        assertThat(hashed.deliveryId()).isEqualTo(ContentHash.of("open", "body".getBytes()));
        assertThat(hashed.eventType()).isEqualTo("unknown");
    }

    @Test
    void theContentHashIsSha256OfSourceThenBody() throws Exception {
        byte[] expected = java.security.MessageDigest.getInstance("SHA-256").digest("openbody".getBytes());
        assertThat(ContentHash.of("open", "body".getBytes())).isEqualTo(java.util.HexFormat.of().formatHex(expected));
    }
}
