package io.hookbridge.ingress.verify;

import io.hookbridge.common.config.Secret;

import java.time.Duration;
import java.util.Collections;
import java.util.List;

/**
 * The check every HMAC scheme but Standard Webhooks shares: the HMAC of what is signed ({@link SignedContent}:
 * the body, with the timestamp and literals around it) under any of the source's secrets ({@link KeyRing}) must
 * equal a signature the request carries; a signed timestamp must lie within {@code tolerance} of the request's
 * arrival, and is checked first, so a stale request costs no HMAC. GitHub and Shopify sign {@code {body}},
 * Stripe {@code {timestamp}.{body}}, Slack {@code v0:{timestamp}:{body}}, an {@code hmac} source its template.
 */
final class HmacCheck {

    private final KeyRing keys;
    private final SignedContent content;
    private final Duration tolerance;

    /** @param tolerance may be null when the content signs no timestamp */
    HmacCheck(KeyRing keys, SignedContent content, Duration tolerance) {
        this.keys = keys;
        this.content = content;
        this.tolerance = tolerance;
    }

    /** HMAC-SHA256 of the template ({@link SignedContent#compile}) under the secrets' UTF-8 bytes. */
    static HmacCheck sha256(List<Secret> secrets, String template, Duration tolerance) {
        return new HmacCheck(KeyRing.of("HmacSHA256", secrets), SignedContent.compile(template), tolerance);
    }

    /**
     * @param signatureHeader names the signature in a refusal
     * @param candidates      the signatures the request carries (null entries, undecodable ones, never match)
     * @param timestampName   names the timestamp in a refusal; with {@code timestamp} (null when missing), read only
     *                        when the content signs a timestamp
     * @throws Rejection 401 when the timestamp is missing or out of tolerance, or no candidate matches
     */
    void require(String signatureHeader, List<byte[]> candidates, String timestampName, String timestamp, WebhookRequest request) {
        if (content.hasTimestamp()) Timestamps.require(timestampName, timestamp, request.receivedAt(), tolerance);
        if (!keys.matchesAny(candidates, content.fill(request.body(), timestamp))) {
            throw Rejection.unauthorized(signatureHeader + " does not match the body");
        }
    }

    /** The same, for a scheme that carries one signature. */
    void require(String signatureHeader, byte[] given, String timestampName, String timestamp, WebhookRequest request) {
        require(signatureHeader, Collections.singletonList(given), timestampName, timestamp, request);
    }
}
