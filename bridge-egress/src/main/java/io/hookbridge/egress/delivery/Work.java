package io.hookbridge.egress.delivery;

/**
 * One event for one subscription: what a dispatcher attempts. {@code done} is called exactly once, when
 * the work is finished for good: delivered, durably handed to a retry topic or the dead letters, or dropped
 * because its subscription is gone. Only then may the consumer commit past the record it came from.
 */
public record Work(Event event, String subscriptionId, int attempts, Runnable done) {
}
