package io.hookbridge.egress.deadletter;

import io.hookbridge.common.kafka.AsyncProducer;
import io.hookbridge.egress.retry.RetryRecords;
import io.hookbridge.egress.retry.RetryTiers;
import io.vertx.core.Future;

/** Writes a delivery's dead letter back to the first retry tier, due at once, with a fresh schedule. */
public record Replayer(AsyncProducer producer, RetryTiers tiers) {

    /** Completes once Kafka has the record; {@code letter} must be {@link DeadLetter#replayable()}. */
    public Future<Void> replay(DeadLetter letter) {
        return producer.send(RetryRecords.replay(tiers.first(), letter.event(), letter.subscription(), letter.ref())).mapEmpty();
    }
}
