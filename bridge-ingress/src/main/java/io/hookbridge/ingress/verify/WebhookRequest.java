package io.hookbridge.ingress.verify;

import io.vertx.core.MultiMap;

/**
 * What a verifier sees of one request: the headers, the body exactly as received, and when it arrived
 * (the verifiers' clock: timestamps are held against it).
 *
 * @param receivedAt epoch millis
 */
public record WebhookRequest(String source, MultiMap headers, byte[] body, long receivedAt) {

    /** The first value of a header (names are case-insensitive), or null. */
    public String header(String name) {
        return headers.get(name);
    }

    /** A header the check needs (a signature, token, key or timestamp); missing: 401. */
    public String requireHeader(String name) {
        String value = headers.get(name);
        if (value == null) throw Rejection.unauthorized("missing header " + name);
        return value;
    }

    /**
     * A signature header, {@code <prefix><hex or base64>} (the prefix in any case, white space around it ignored):
     * missing or without the prefix: 401; not hex or base64: null, which matches nothing.
     */
    public byte[] requireSignature(String name, String prefix, boolean base64) {
        String value = requireHeader(name).trim();
        if (!value.regionMatches(true, 0, prefix, 0, prefix.length())) {
            throw Rejection.unauthorized(name + " does not start with " + prefix);
        }
        String encoded = value.substring(prefix.length());
        return base64 ? Hmac.fromBase64(encoded) : Hmac.fromHex(encoded);
    }

    /** The header a provider names its delivery id in, on a request already proven genuine; missing or blank: 400. */
    public String requireDeliveryId(String name) {
        String value = headers.get(name);
        if (value == null || value.isBlank()) throw Rejection.missingDeliveryId("missing header " + name);
        return value;
    }

    public String contentType() {
        return headers.get("Content-Type");
    }
}
