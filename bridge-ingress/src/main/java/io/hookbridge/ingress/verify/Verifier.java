package io.hookbridge.ingress.verify;

/**
 * Checks one request of one source over its raw bytes and finds its delivery id and event type.
 * Implementations are immutable and thread-safe; they run on the event loop, so they never block.
 */
public interface Verifier {

    /** @throws Rejection when the request is not genuine or lacks what the contract needs */
    Verified verify(WebhookRequest request);
}
