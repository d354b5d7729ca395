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

    public String contentType() {
        return headers.get("Content-Type");
    }
}
