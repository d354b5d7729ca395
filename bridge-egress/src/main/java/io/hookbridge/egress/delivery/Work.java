package io.hookbridge.egress.delivery;

import io.hookbridge.egress.events.Event;

/**
 * One event for one subscription: what a dispatcher attempts. {@code done} is called exactly once, when
 * the work is finished for good: delivered, durably handed to a retry topic or the dead letters, or dropped
 * because its subscription is gone. Only then may the consumer commit past the record it came from.
 *
 * @param attempts    attempts made before this one
 * @param replayOf    the dead letter a replayed delivery came from ({@code partition:offset}), else null
 */
record Work(Event event, String subscriptionId, int attempts, String replayOf, Runnable done) {

    /** New work from {@code topics.events}. */
    static Work fresh(Event event, String subscriptionId, Runnable done) {
        return new Work(event, subscriptionId, 0, null, done);
    }
}
