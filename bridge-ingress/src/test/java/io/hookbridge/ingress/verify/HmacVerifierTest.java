package io.hookbridge.ingress.verify;

import io.hookbridge.common.config.Secret;
import io.hookbridge.common.config.SourceConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.hookbridge.ingress.verify.Requests.request;
import static io.hookbridge.ingress.verify.Requests.unauthorized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Vectors computed independently with OpenSSL ({@code openssl dgst -sha1|-sha512 -hmac legacy-secret}). */
class HmacVerifierTest {

    static final String BODY = "Hello, World!";
    static final String SHA1_HEX = "6cd51352885052f12c90afcc302906dc76c9541e";
    /** HMAC-SHA512 of {@code "1700000000.Hello, World!"}, base64. */
    static final String SHA512_TS_BASE64 = "ixeLS2GKiGuDm9qRHFRGStPOXyq+JK4QFNlpjCgQ/62Kea5GbXjdytqBvW2ANUbhFI58NwM608905z01NjXrJA==";

    private static SourceConfig hmac(String algorithm, String encoding, String prefix, String timestampHeader, String template,
                                     String... secrets) {
        return SourceBuilder.source("hmac").secrets(java.util.Arrays.stream(secrets).map(Secret::new).toList())
                .tolerance(Duration.ofMinutes(5)).header("X-Signature").algorithm(algorithm).encoding(encoding)
                .prefix(prefix).timestampHeader(timestampHeader).signedContent(template)
                .deliveryIdHeader("X-Request-Id").eventTypeHeader("X-Event").build();
    }

    @Test
    void sha1HexWithAPrefixAndIdsFromHeaders() {
        HmacVerifier verifier = new HmacVerifier("ingress.sources.test", hmac("sha1", "hex", "sha1=", null, null, "legacy-secret"));
        Verified verified = verifier.verify(request("legacy", BODY, System.currentTimeMillis(), "X-Signature", "sha1=" + SHA1_HEX,
                "X-Request-Id", "req-1", "X-Event", "order.created"));

        assertThat(verified.deliveryId()).isEqualTo("req-1");
        assertThat(verified.eventType()).isEqualTo("order.created");
        assertThat(verified.providerHeaders()).containsOnlyKeys("x-signature", "x-request-id", "x-event");
        unauthorized(verifier, request("legacy", BODY + "!", System.currentTimeMillis(), "X-Signature", "sha1=" + SHA1_HEX));
        unauthorized(verifier, request("legacy", BODY, System.currentTimeMillis(), "X-Signature", SHA1_HEX));
        unauthorized(verifier, request("legacy", BODY, System.currentTimeMillis()));
    }

    @Test
    void withoutIdHeadersTheIdIsTheContentHash() {
        HmacVerifier verifier = new HmacVerifier("ingress.sources.test", SourceBuilder.source("hmac").secrets(List.of(new Secret("legacy-secret")))
                .header("X-Signature").algorithm("sha1").build());
        Verified verified = verifier.verify(request("legacy", BODY, System.currentTimeMillis(), "X-Signature", SHA1_HEX));
        assertThat(verified.deliveryId()).isEqualTo(ContentHash.of("legacy", BODY.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(verified.eventType()).isEqualTo("unknown");
    }

    @Test
    void sha512Base64OverATimestampTemplate() {
        HmacVerifier verifier = new HmacVerifier("ingress.sources.test", hmac("sha512", "base64", null, "X-Timestamp", "{timestamp}.{body}", "other", "legacy-secret"));
        long at = 1_700_000_000_000L;
        Verified verified = verifier.verify(request("legacy", BODY, at + 10_000, "X-Signature", SHA512_TS_BASE64,
                "X-Timestamp", "1700000000"));
        assertThat(verified.providerHeaders()).containsEntry("x-timestamp", "1700000000");

        unauthorized(verifier, request("legacy", BODY, at + 301_000, "X-Signature", SHA512_TS_BASE64, "X-Timestamp", "1700000000"));
        unauthorized(verifier, request("legacy", BODY, at - 301_000, "X-Signature", SHA512_TS_BASE64, "X-Timestamp", "1700000000"));
        unauthorized(verifier, request("legacy", BODY, at, "X-Signature", SHA512_TS_BASE64, "X-Timestamp", "1700000001"));
        unauthorized(verifier, request("legacy", BODY, at, "X-Signature", SHA512_TS_BASE64));
    }

    @Test
    void sha256IsTheDefaultAndTheGithubVectorHolds() {
        HmacVerifier verifier = new HmacVerifier("ingress.sources.test", hmac(null, null, "sha256=", null, null, GithubVerifierTest.SECRET));
        assertThat(verifier.verify(request("legacy", BODY, 0, "X-Signature", GithubVerifierTest.SIGNATURE)).deliveryId()).isNotBlank();
    }

    @Test
    void aTemplateCompilesToLiteralsAndSlots() {
        byte[][] parts = SignedContent.compile("v0:{timestamp}:{body}").fill("B".getBytes(), "42");
        assertThat(parts).isDeepEqualTo(new byte[][]{"v0:".getBytes(), "42".getBytes(), ":".getBytes(), "B".getBytes()});
        assertThat(SignedContent.compile(null).fill("B".getBytes(), null)).isDeepEqualTo(new byte[][]{"B".getBytes()});
        assertThatThrownBy(() -> SignedContent.compile("{id}.{body}")).hasMessageContaining("{id}");
    }
}
