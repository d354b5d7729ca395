package io.hookbridge.egress.delivery;

import io.hookbridge.egress.events.Event;

/**
 * Told about every delivery attempt once it ended (a delivery log, an audit trail). Called on the event
 * loop of the dispatcher shard that made the attempt: it must not block, and should hand the attempt on
 * (to a producer, a queue) rather than keep it, since the event's body stays referenced while it does.
 */
public interface AttemptListener {

    void attempted(Attempt attempt);

    /** Does nothing. */
    AttemptListener NONE = attempt -> {
    };

    /**
     * One attempt.
     *
     * @param subscriptionId  whose attempt it was
     * @param event           what was sent: id, type, the event's headers, the body ({@code event.body().length})
     * @param number          1 for the first attempt of this delivery, 2 for the first retry, ...
     * @param startedAtMillis when the attempt started, epoch ms
     * @param durationNanos   from the start to the response or the failure
     * @param outcome         status, error, and the start of the response ({@link Outcome#responseBody()},
     *                        {@link Outcome#responseHeaders()}, both bounded)
     * @param replayOf        the dead letter ({@code partition:offset}) this delivery was replayed from, or null
     */
    record Attempt(String subscriptionId, Event event, int number, long startedAtMillis, long durationNanos,
                   Outcome outcome, String replayOf) {

        public boolean replay() {
            return replayOf != null;
        }
    }
}
