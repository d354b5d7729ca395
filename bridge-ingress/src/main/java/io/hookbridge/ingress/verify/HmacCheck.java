package io.hookbridge.ingress.verify;

import io.hookbridge.common.config.Secret;

import java.time.Duration;
import java.util.Collections;
import java.util.List;

/**
 * The check of every HMAC scheme but Standard Webhooks (which signs its id too): the HMAC of what is signed
 * ({@link SignedContent}) under any of the source's secrets ({@link KeyRing}) must equal a signature the request
 * carries. A signed timestamp must lie within {@code tolerance} of the request's arrival; it is checked first,
 * so a stale request costs no HMAC. GitHub and Shopify sign {@code {body}}, Stripe {@code {timestamp}.{body}},
 * Slack {@code v0:{timestamp}:{body}}, an {@code hmac} source its template.
 *
 * @param tolerance null when the content signs no timestamp
 */
record HmacCheck(KeyRing keys, SignedContent content, Duration tolerance) {

    static HmacCheck sha256(List<Secret> secrets, String template, Duration tolerance) {
        return new HmacCheck(KeyRing.of("HmacSHA256", secrets), SignedContent.compile(template), tolerance);
    }

    /**
     * 401 unless the timestamp (read only when the content signs one; null when missing) is within tolerance and a
     * candidate matches (a null one, which did not decode, never does). The names are for the refusal's detail.
     */
    void require(String signatureHeader, List<byte[]> candidates, String timestampName, String timestamp, WebhookRequest request) {
        if (content.hasTimestamp()) Timestamps.require(timestampName, timestamp, request.receivedAt(), tolerance);
        if (!keys.matchesAny(candidates, content.fill(request.body(), timestamp))) {
            throw Rejection.unauthorized(signatureHeader + " does not match the body");
        }
    }

    void require(String signatureHeader, byte[] given, String timestampName, String timestamp, WebhookRequest request) {
        require(signatureHeader, Collections.singletonList(given), timestampName, timestamp, request);
    }
}
