package io.hookbridge.ingress.verify;

import io.vertx.core.MultiMap;

/**
 * What a verifier sees of one request: the headers, the body exactly as received, and when it arrived.
 *
 * @param receivedAt epoch millis
 */
public record WebhookRequest(String source, MultiMap headers, byte[] body, long receivedAt) {

    public String header(String name) {
        return headers.get(name);
    }
}
