package io.hookbridge.ingress.verify;

import com.slack.api.app_backend.SlackSignature;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.hookbridge.ingress.verify.Requests.refused;
import static io.hookbridge.ingress.verify.Requests.request;
import static io.hookbridge.ingress.verify.Requests.secrets;
import static io.hookbridge.ingress.verify.Requests.unauthorized;
import static org.assertj.core.api.Assertions.assertThat;

/** Slack's documented example, and requests signed by Slack's own Java SDK ({@code SlackSignature.Generator}). */
class SlackVerifierTest {

    /** From Slack's "Verifying requests from Slack": a slash command, form-encoded. */
    static final String DOC_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    static final String DOC_TIMESTAMP = "1531420618";
    static final String DOC_BODY = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
            + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
            + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
            + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    static final String DOC_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    static final String SECRET = "e6b19c573432dcc6b075501d51b51bb8";
    static final String EVENT = "{\"token\":\"z26uFbvR1xHJEdHE1OQiO6t8\",\"team_id\":\"T061EG9RZ\",\"event\":{\"type\":\"app_mention\","
            + "\"user\":\"U061F7AUR\",\"text\":\"<@U0LAN0Z89> hi\"},\"type\":\"event_callback\",\"event_id\":\"Ev0LAN670R\",\"event_time\":1515449522}";
    private static final long NOW = System.currentTimeMillis();

    private final SlackVerifier verifier = new SlackVerifier(secrets(SECRET), Duration.ofMinutes(5));

    private static WebhookRequest slack(String body, String timestamp, String signature, String contentType) {
        return request("slack", body, NOW, "X-Slack-Request-Timestamp", timestamp, "X-Slack-Signature", signature,
                "Content-Type", contentType, "X-Slack-Retry-Num", "1");
    }

    /** What Slack's SDK signs for this body at this time. */
    static String sign(String secret, long epochSeconds, String body) {
        return new SlackSignature.Generator(secret).generate(Long.toString(epochSeconds), body);
    }

    @Test
    void slacksDocumentedExampleIsGenuine() {
        long then = Long.parseLong(DOC_TIMESTAMP) * 1000;
        SlackVerifier atThatTime = new SlackVerifier(secrets(DOC_SECRET), Duration.ofMinutes(5));
        Verified verified = atThatTime.verify(request("slack", DOC_BODY, then + 1000, "X-Slack-Request-Timestamp", DOC_TIMESTAMP,
                "X-Slack-Signature", DOC_SIGNATURE, "Content-Type", "application/x-www-form-urlencoded"));

        assertThat(verified.eventType()).isEqualTo("slash_command");
        assertThat(verified.deliveryId()).isEqualTo(ContentHash.of("slack", DOC_BODY.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .hasSize(64);
        assertThat(verified.providerHeaders()).containsEntry("x-slack-signature", DOC_SIGNATURE)
                .containsEntry("x-slack-request-timestamp", DOC_TIMESTAMP).hasSize(2);
        // Slack's SDK computes the same signature for it.
        assertThat(sign(DOC_SECRET, Long.parseLong(DOC_TIMESTAMP), DOC_BODY)).isEqualTo(DOC_SIGNATURE);
    }

    @Test
    void anEventsApiRequestSignedBySlacksSdkCarriesItsEventIdAndType() {
        long ts = NOW / 1000;
        Verified verified = verifier.verify(slack(EVENT, Long.toString(ts), sign(SECRET, ts, EVENT), "application/json"));

        assertThat(verified.deliveryId()).isEqualTo("Ev0LAN670R");
        assertThat(verified.eventType()).isEqualTo("app_mention");
        assertThat(verified.isAnswer()).isFalse();
    }

    @Test
    void withoutAnEventIdTheIdIsAContentHashAndTheTypeTheTopLevelOne() {
        long ts = NOW / 1000;
        String body = "{\"type\":\"app_rate_limited\",\"team_id\":\"T123\",\"minute_rate_limited\":1518467820}";
        Verified verified = verifier.verify(slack(body, Long.toString(ts), sign(SECRET, ts, body), "application/json"));

        assertThat(verified.deliveryId()).isEqualTo(ContentHash.of("slack", body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(verified.eventType()).isEqualTo("app_rate_limited");
    }

    @Test
    void aGenuineUrlVerificationIsAnsweredWithItsChallengeAndNotStored() {
        long ts = NOW / 1000;
        String body = "{\"token\":\"Jhj5dZrVaK7ZwHHjRyZWjbDl\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\","
                + "\"type\":\"url_verification\"}";
        Verified verified = verifier.verify(slack(body, Long.toString(ts), sign(SECRET, ts, body), "application/json"));

        assertThat(verified.isAnswer()).isTrue();
        assertThat(verified.reply()).isEqualTo("{\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\"}");
        unauthorized(verifier, slack(body, Long.toString(ts), sign("wrong", ts, body), "application/json"));
    }

    @Test
    void anInteractionPayloadGivesItsType() {
        long ts = NOW / 1000;
        String body = "payload=%7B%22type%22%3A%22block_actions%22%2C%22user%22%3A%7B%22id%22%3A%22U1%22%7D%7D";
        Verified verified = verifier.verify(slack(body, Long.toString(ts), sign(SECRET, ts, body), "application/x-www-form-urlencoded"));
        assertThat(verified.eventType()).isEqualTo("block_actions");
    }

    @Test
    void tamperedWrongSecretStaleFutureMissingIsRefused() {
        long ts = NOW / 1000;
        String sig = sign(SECRET, ts, EVENT);
        unauthorized(verifier, slack(EVENT.replace("hi", "ho"), Long.toString(ts), sig, "application/json"));
        unauthorized(verifier, slack(EVENT, Long.toString(ts), sign("wrong", ts, EVENT), "application/json"));
        unauthorized(verifier, slack(EVENT, Long.toString(ts - 301), sign(SECRET, ts - 301, EVENT), "application/json"));
        unauthorized(verifier, slack(EVENT, Long.toString(ts + 301), sign(SECRET, ts + 301, EVENT), "application/json"));
        unauthorized(verifier, slack(EVENT, Long.toString(ts + 1), sig, "application/json"));
        unauthorized(verifier, slack(EVENT, null, sig, "application/json"));
        unauthorized(verifier, slack(EVENT, Long.toString(ts), null, "application/json"));
        unauthorized(verifier, slack(EVENT, Long.toString(ts), sig.substring(3), "application/json"));
        unauthorized(verifier, slack(EVENT, "-" + ts, sig, "application/json"));
        // The SDK's verifier agrees about the stale one.
        SlackSignature.Verifier oracle = new SlackSignature.Verifier(new SlackSignature.Generator(SECRET));
        assertThat(oracle.isValid(Long.toString(ts - 301), EVENT, sign(SECRET, ts - 301, EVENT), NOW)).isFalse();
        assertThat(oracle.isValid(Long.toString(ts), EVENT, sig, NOW)).isTrue();
    }

    @Test
    void rotation() {
        long ts = NOW / 1000;
        SlackVerifier rotating = new SlackVerifier(secrets("old-signing-secret", SECRET), Duration.ofMinutes(5));
        assertThat(rotating.verify(slack(EVENT, Long.toString(ts), sign(SECRET, ts, EVENT), "application/json")).deliveryId())
                .isEqualTo("Ev0LAN670R");
        assertThat(rotating.verify(slack(EVENT, Long.toString(ts), sign("old-signing-secret", ts, EVENT), "application/json"))
                .deliveryId()).isEqualTo("Ev0LAN670R");
    }

    @Test
    void aGenuineBodyThatIsNeitherJsonNorAFormIs415AndBrokenJsonIs400() {
        long ts = NOW / 1000;
        refused(verifier, slack(EVENT, Long.toString(ts), sign(SECRET, ts, EVENT), "text/plain"), 415, "unsupported-media-type");
        String broken = "{\"event_id\":";
        refused(verifier, slack(broken, Long.toString(ts), sign(SECRET, ts, broken), "application/json"), 400, "malformed-body");
    }
}
