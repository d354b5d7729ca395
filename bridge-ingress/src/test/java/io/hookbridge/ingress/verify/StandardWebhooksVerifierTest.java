package io.hookbridge.ingress.verify;

import com.standardwebhooks.Webhook;
import io.hookbridge.common.signature.StandardWebhooks;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.hookbridge.ingress.verify.Requests.request;
import static io.hookbridge.ingress.verify.Requests.secrets;
import static io.hookbridge.ingress.verify.Requests.unauthorized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The specification's own vector, and requests signed by the reference Java library (com.standardwebhooks). */
class StandardWebhooksVerifierTest {

    /** From the Standard Webhooks specification and its reference libraries' tests. */
    static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final String SPEC_TIMESTAMP = "1614265330";
    static final String SPEC_BODY = "{\"test\": 2432232314}";
    static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    static final String SECRET = StandardWebhooks.newSecret();
    static final String BODY = "{\"type\":\"invoice.paid\",\"timestamp\":\"2024-01-01T00:00:00Z\",\"data\":{\"type\":\"not this\"}}";
    private static final long NOW = System.currentTimeMillis();
    private static final long TS = NOW / 1000;

    private final StandardWebhooksVerifier verifier = new StandardWebhooksVerifier(secrets(SECRET), Duration.ofMinutes(5));

    private static WebhookRequest sw(String body, String id, String ts, String signature) {
        return request("billing", body, NOW, "webhook-id", id, "webhook-timestamp", ts, "webhook-signature", signature,
                "Content-Type", "application/json");
    }

    /** What the reference library signs. */
    static String sign(String secret, String id, long ts, String body) throws Exception {
        return new Webhook(secret).sign(id, ts, body);
    }

    @Test
    void theSpecificationsVectorIsGenuine() throws Exception {
        long then = Long.parseLong(SPEC_TIMESTAMP) * 1000;
        StandardWebhooksVerifier atThatTime = new StandardWebhooksVerifier(secrets(SPEC_SECRET), Duration.ofMinutes(5));
        Verified verified = atThatTime.verify(request("billing", SPEC_BODY, then, "webhook-id", SPEC_ID,
                "webhook-timestamp", SPEC_TIMESTAMP, "webhook-signature", SPEC_SIGNATURE, "Content-Type", "application/json"));

        assertThat(verified.deliveryId()).isEqualTo(SPEC_ID);
        assertThat(verified.eventType()).isEqualTo("unknown");
        assertThat(verified.providerHeaders()).containsOnly(Map.entry("webhook-id", SPEC_ID),
                Map.entry("webhook-timestamp", SPEC_TIMESTAMP), Map.entry("webhook-signature", SPEC_SIGNATURE));
        // The reference library and hookbridge's own signer (the egress's) agree on the vector.
        assertThat(sign(SPEC_SECRET, SPEC_ID, Long.parseLong(SPEC_TIMESTAMP), SPEC_BODY)).isEqualTo(SPEC_SIGNATURE);
        assertThat(StandardWebhooks.signature(List.of(StandardWebhooks.signingKey(SPEC_SECRET)), SPEC_ID, Long.parseLong(SPEC_TIMESTAMP),
                SPEC_BODY.getBytes(StandardCharsets.UTF_8))).isEqualTo(SPEC_SIGNATURE);
    }

    @Test
    void aRequestSignedByTheReferenceLibraryIsGenuineAndCarriesTheBodysType() throws Exception {
        String signature = sign(SECRET, "msg_1", TS, BODY);
        Verified verified = verifier.verify(sw(BODY, "msg_1", Long.toString(TS), signature));

        assertThat(verified.deliveryId()).isEqualTo("msg_1");
        assertThat(verified.eventType()).isEqualTo("invoice.paid");
        // ...and the reference library accepts the headers hookbridge keeps on the record.
        Map<String, List<String>> kept = new java.util.HashMap<>();
        verified.providerHeaders().forEach((k, v) -> kept.put(k, List.of(v)));
        assertThatCode(() -> new Webhook(SECRET).verify(BODY, kept)).doesNotThrowAnyException();
    }

    @Test
    void severalSpaceSeparatedSignaturesAnyMatches() throws Exception {
        String header = "v1,Zm9vYmFy v2,whatever " + sign(SECRET, "msg_2", TS, BODY) + " v1,not-base64!";
        assertThat(verifier.verify(sw(BODY, "msg_2", Long.toString(TS), header)).deliveryId()).isEqualTo("msg_2");
    }

    @Test
    void svixBrandedHeadersAreAcceptedToo() throws Exception {
        Verified verified = verifier.verify(request("billing", BODY, NOW, "svix-id", "msg_3", "svix-timestamp", Long.toString(TS),
                "svix-signature", sign(SECRET, "msg_3", TS, BODY), "Content-Type", "application/json"));
        assertThat(verified.deliveryId()).isEqualTo("msg_3");
        assertThat(verified.providerHeaders()).containsOnlyKeys("svix-id", "svix-timestamp", "svix-signature");
    }

    @Test
    void tamperedWrongSecretStaleFutureMissingIsRefused() throws Exception {
        String ts = Long.toString(TS);
        String signature = sign(SECRET, "msg_4", TS, BODY);
        unauthorized(verifier, sw(BODY + " ", "msg_4", ts, signature));
        unauthorized(verifier, sw(BODY, "msg_5", ts, signature));
        unauthorized(verifier, sw(BODY, "msg_4", ts, sign(StandardWebhooks.newSecret(), "msg_4", TS, BODY)));
        unauthorized(verifier, sw(BODY, "msg_4", Long.toString(TS - 301), sign(SECRET, "msg_4", TS - 301, BODY)));
        unauthorized(verifier, sw(BODY, "msg_4", Long.toString(TS + 301), sign(SECRET, "msg_4", TS + 301, BODY)));
        unauthorized(verifier, sw(BODY, null, ts, signature));
        unauthorized(verifier, sw(BODY, "msg_4", null, signature));
        unauthorized(verifier, sw(BODY, "msg_4", ts, null));
        unauthorized(verifier, sw(BODY, "msg_4", ts, signature.replace("v1,", "v2,")));
        unauthorized(verifier, sw(BODY, "msg_4", "12.5", signature));
    }

    @Test
    void rotation() throws Exception {
        String next = StandardWebhooks.newSecret();
        StandardWebhooksVerifier rotating = new StandardWebhooksVerifier(secrets(SECRET, next), Duration.ofMinutes(5));
        assertThat(rotating.verify(sw(BODY, "m", Long.toString(TS), sign(SECRET, "m", TS, BODY))).deliveryId()).isEqualTo("m");
        assertThat(rotating.verify(sw(BODY, "m", Long.toString(TS), sign(next, "m", TS, BODY))).deliveryId()).isEqualTo("m");
    }

    @Test
    void aBodyThatIsNotJsonIsStillAcceptedBecauseTheIdIsInAHeader() throws Exception {
        Verified verified = verifier.verify(sw("plain text", "msg_6", Long.toString(TS), sign(SECRET, "msg_6", TS, "plain text")));
        assertThat(verified.eventType()).isEqualTo("unknown");
    }
}
