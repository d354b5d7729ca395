package io.hookbridge.ingress;

import com.slack.api.app_backend.SlackSignature;
import com.standardwebhooks.Webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * How each provider signs, for tests: the providers' own libraries where they publish one (Stripe, Slack,
 * Standard Webhooks), and the JDK's HMAC for the rest (their vectors are checked in the verifier tests).
 */
public final class Signers {

    private Signers() {
    }

    public static String github(String secret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(hmac("HmacSHA256", secret, body));
    }

    public static String shopify(String secret, byte[] body) {
        return Base64.getEncoder().encodeToString(hmac("HmacSHA256", secret, body));
    }

    /** {@code Stripe-Signature}, by stripe-java. */
    public static String stripe(String secret, long epochSeconds, String body) {
        try {
            return "t=" + epochSeconds + ",v1=" + com.stripe.net.Webhook.Util.computeHmacSha256(secret, epochSeconds + "." + body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code X-Slack-Signature}, by Slack's SDK. */
    public static String slack(String secret, long epochSeconds, String body) {
        return new SlackSignature.Generator(secret).generate(Long.toString(epochSeconds), body);
    }

    /** {@code webhook-signature}, by the Standard Webhooks reference library. */
    public static String standardWebhooks(String secret, String id, long epochSeconds, String body) {
        try {
            return new Webhook(secret).sign(id, epochSeconds, body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] hmac(String algorithm, String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
