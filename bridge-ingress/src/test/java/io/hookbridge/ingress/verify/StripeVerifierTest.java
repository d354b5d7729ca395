package io.hookbridge.ingress.verify;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.hookbridge.ingress.verify.Requests.refused;
import static io.hookbridge.ingress.verify.Requests.request;
import static io.hookbridge.ingress.verify.Requests.secrets;
import static io.hookbridge.ingress.verify.Requests.unauthorized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Signatures made by stripe-java itself ({@code Webhook.Util}) and checked by it ({@code Webhook.Signature}). */
class StripeVerifierTest {

    static final String SECRET = "whsec_test_4eC39HqLyjWDarjtT1zdp7dc";
    static final String EVENT = "{\"id\":\"evt_1NG8Du2eZvKYlo2CUI79vXWy\",\"object\":\"event\",\"type\":\"invoice.paid\","
            + "\"data\":{\"object\":{\"id\":\"in_1\",\"lines\":[1,2,{\"type\":\"nested, not the event's\"}]}}}";
    private static final long NOW = System.currentTimeMillis();
    private static final long T = NOW / 1000;

    private final StripeVerifier verifier = new StripeVerifier(secrets(SECRET), Duration.ofMinutes(5));

    /** The header Stripe sends: {@code t=<unix>,v1=<hex>}, computed by stripe-java. */
    static String stripeHeader(String secret, long t, String payload) throws Exception {
        return "t=" + t + ",v1=" + Webhook.Util.computeHmacSha256(secret, t + "." + payload);
    }

    private static WebhookRequest stripe(String body, String header, String contentType) {
        return request("stripe", body, NOW, "Stripe-Signature", header, "Content-Type", contentType);
    }

    @Test
    void aRequestSignedByStripeJavaIsGenuineAndCarriesTheEventsIdAndType() throws Exception {
        String header = stripeHeader(SECRET, T, EVENT);
        // The oracle agrees that this header is genuine.
        assertThatCode(() -> Webhook.Signature.verifyHeader(EVENT, header, SECRET, 300)).doesNotThrowAnyException();

        Verified verified = verifier.verify(stripe(EVENT, header, "application/json; charset=utf-8"));

        assertThat(verified.deliveryId()).isEqualTo("evt_1NG8Du2eZvKYlo2CUI79vXWy");
        assertThat(verified.eventType()).isEqualTo("invoice.paid");
        assertThat(verified.providerHeaders()).containsOnlyKeys("stripe-signature").containsValue(header);
    }

    @Test
    void whileStripeRollsItsSecretAnyOfSeveralV1Matches() throws Exception {
        String oldSig = Webhook.Util.computeHmacSha256("whsec_old", T + "." + EVENT);
        String header = "t=" + T + ",v1=" + oldSig + ",v1=" + stripeHeader(SECRET, T, EVENT).split("v1=")[1] + ",v0=ignored";
        assertThat(verifier.verify(stripe(EVENT, header, "application/json")).deliveryId()).startsWith("evt_");
    }

    @Test
    void everyConfiguredSecretIsAccepted() throws Exception {
        StripeVerifier rotating = new StripeVerifier(secrets("whsec_new", SECRET), Duration.ofMinutes(5));
        assertThat(rotating.verify(stripe(EVENT, stripeHeader(SECRET, T, EVENT), "application/json")).deliveryId()).startsWith("evt_");
        assertThat(rotating.verify(stripe(EVENT, stripeHeader("whsec_new", T, EVENT), "application/json")).deliveryId()).startsWith("evt_");
    }

    @Test
    void tamperedWrongSecretStaleFutureOrMissingIsRefused() throws Exception {
        unauthorized(verifier, stripe(EVENT.replace("invoice.paid", "invoice.void"), stripeHeader(SECRET, T, EVENT), "application/json"));
        unauthorized(verifier, stripe(EVENT, stripeHeader("whsec_wrong", T, EVENT), "application/json"));
        unauthorized(verifier, stripe(EVENT, stripeHeader(SECRET, T - 301, EVENT), "application/json"));
        unauthorized(verifier, stripe(EVENT, stripeHeader(SECRET, T + 301, EVENT), "application/json"));
        unauthorized(verifier, stripe(EVENT, null, "application/json"));
        unauthorized(verifier, stripe(EVENT, "v1=" + Webhook.Util.computeHmacSha256(SECRET, T + "." + EVENT), "application/json"));
        unauthorized(verifier, stripe(EVENT, "t=" + T, "application/json"));
        unauthorized(verifier, stripe(EVENT, "t=abc,v1=00", "application/json"));
        unauthorized(verifier, stripe(EVENT, ",,=,t=,v1=,", "application/json"));
        // The oracle refuses the stale one too.
        String stale = stripeHeader(SECRET, T - 301, EVENT);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Webhook.Signature.verifyHeader(EVENT, stale, SECRET, 300))
                .isInstanceOf(SignatureVerificationException.class);
    }

    @Test
    void withinTheToleranceIsAccepted() throws Exception {
        assertThat(verifier.verify(stripe(EVENT, stripeHeader(SECRET, T - 290, EVENT), "application/json")).deliveryId()).isNotNull();
        assertThat(verifier.verify(stripe(EVENT, stripeHeader(SECRET, T + 290, EVENT), "application/json")).deliveryId()).isNotNull();
    }

    @Test
    void theIdLivesInTheBodySoABodyThatIsNotJsonIs415Or400() throws Exception {
        refused(verifier, stripe(EVENT, stripeHeader(SECRET, T, EVENT), "text/plain"), 415, "unsupported-media-type");
        refused(verifier, stripe(EVENT, stripeHeader(SECRET, T, EVENT), null), 415, "unsupported-media-type");
        String broken = "{\"id\":\"evt_1\",";
        refused(verifier, stripe(broken, stripeHeader(SECRET, T, broken), "application/json"), 400, "malformed-body");
        String trailing = "{\"id\":\"evt_1\"} trailing";
        refused(verifier, stripe(trailing, stripeHeader(SECRET, T, trailing), "application/json"), 400, "malformed-body");
        String array = "[{\"id\":\"evt_1\"}]";
        refused(verifier, stripe(array, stripeHeader(SECRET, T, array), "application/json"), 400, "malformed-body");
        String noId = "{\"object\":\"event\",\"data\":{\"id\":\"in_1\"}}";
        refused(verifier, stripe(noId, stripeHeader(SECRET, T, noId), "application/json"), 400, "missing-delivery-id");
    }

    @Test
    void aForgedRequestIs401EvenWhenItsBodyIsNotJson() throws Exception {
        unauthorized(verifier, stripe("not json", stripeHeader("whsec_wrong", T, "not json"), "text/plain"));
    }
}
