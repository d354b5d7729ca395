package io.hookbridge.common.config;

import java.time.Duration;
import java.util.List;

/**
 * One webhook source, {@code ingress.sources.<name>}. Which fields matter depends on {@code verifier};
 * the rest are ignored. Secrets, tokens and keys are lists so they can be rotated without downtime.
 *
 * @param verifier         github, stripe, shopify, slack, standard-webhooks, hmac, bearer, api-key or none
 * @param secrets          HMAC secrets (every entry is accepted)
 * @param tokens           bearer tokens
 * @param keys             API keys
 * @param tolerance        how far a signed timestamp may be from now, both ways (stripe, slack, standard-webhooks,
 *                         hmac with a timestampHeader)
 * @param header           hmac: the signature header; api-key: the header holding the raw key (default Authorization)
 * @param algorithm        hmac: sha1, sha256 or sha512
 * @param encoding         hmac: hex or base64
 * @param prefix           hmac: text before the signature, e.g. {@code sha256=}
 * @param timestampHeader  hmac: a header with the signed unix timestamp in seconds (optional; needs {@code {timestamp}}
 *                         in signedContent)
 * @param signedContent    hmac: what is signed, with {@code {timestamp}} and {@code {body}}; default {@code {body}}
 * @param deliveryIdHeader the header holding the delivery id (generic verifiers)
 * @param eventTypeHeader  the header holding the event type (generic verifiers)
 */
public record SourceConfig(String verifier,
                           List<Secret> secrets,
                           List<Secret> tokens,
                           List<Secret> keys,
                           Duration tolerance,
                           String header,
                           String algorithm,
                           String encoding,
                           String prefix,
                           String timestampHeader,
                           String signedContent,
                           String deliveryIdHeader,
                           String eventTypeHeader) {

    public SourceConfig {
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
        keys = keys == null ? List.of() : List.copyOf(keys);
        tolerance = tolerance != null ? tolerance : Duration.ofMinutes(5);
    }
}
