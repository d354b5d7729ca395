package io.hookbridge.egress.delivery;

import io.hookbridge.common.kafka.AsyncProducer;
import io.hookbridge.egress.deadletter.DeadLetterRecords;
import io.hookbridge.egress.retry.RetryRecords;
import io.hookbridge.egress.retry.RetryTiers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a delivery on to Kafka: to a retry tier (with its attempt count and due time) or to the dead
 * letters (with the reason and the last status). The returned future completes only once Kafka has the
 * record; a failed write is tried again with backoff, never given up while running, because the record it
 * came from must not be committed before it is stored somewhere ("pause instead of losing").
 */
final class HandOff {

    private static final Logger LOG = LoggerFactory.getLogger(HandOff.class);

    private final Vertx vertx;
    private final AsyncProducer producer;
    private final RetryTiers tiers;
    private final String deadLetterTopic;
    private final DeliveryMetrics metrics;
    private volatile boolean closed;

    HandOff(Vertx vertx, AsyncProducer producer, RetryTiers tiers, String deadLetterTopic, DeliveryMetrics metrics) {
        this.vertx = vertx;
        this.producer = producer;
        this.tiers = tiers;
        this.deadLetterTopic = deadLetterTopic;
        this.metrics = metrics;
    }

    Future<Void> retry(Work work, int attemptsMade, long dueAt, Outcome last) {
        String tier = tiers.tierFor(dueAt - System.currentTimeMillis());
        return store(RetryRecords.retry(tier, work.event(), work.subscriptionId(), attemptsMade, dueAt, last.status(),
                last.error(), work.replayOf()));
    }

    /** Work not attempted now, kept in the tier of its wait: a deferral, not a failed attempt. */
    Future<Void> defer(Work work, long dueAt, String reason) {
        String tier = tiers.tierFor(dueAt - System.currentTimeMillis());
        return store(RetryRecords.deferred(tier, work.event(), work.subscriptionId(), work.attempts(), dueAt, reason,
                work.replayOf()));
    }

    /** @param last the last attempt, or null when there was none */
    Future<Void> deadLetter(Work work, int attemptsMade, String reason, Outcome last) {
        return store(DeadLetterRecords.undelivered(deadLetterTopic, work.event(), work.subscriptionId(), attemptsMade, reason,
                last == null ? 0 : last.status(), last == null ? null : last.error()))
                .onSuccess(v -> metrics.deadLetter(work.subscriptionId()));
    }

    /** Stops retrying failed writes: what is not stored by now stays uncommitted and is consumed again. */
    public void close() {
        closed = true;
    }

    private Future<Void> store(ProducerRecord<byte[], byte[]> record) {
        Promise<Void> promise = Promise.promise();
        store(record, promise, 0);
        return promise.future();
    }

    private void store(ProducerRecord<byte[], byte[]> record, Promise<Void> promise, int failures) {
        producer.send(record).onComplete(ar -> {
            if (ar.succeeded()) {
                promise.complete();
            } else if (closed) {
                promise.fail(ar.cause());
            } else {
                long backoff = Math.min(30_000, 250L << Math.min(failures, 7));
                LOG.warn("cannot write to {} ({}), trying again in {} ms; the record's offset stays uncommitted",
                        record.topic(), ar.cause().toString(), backoff);
                vertx.setTimer(backoff, t -> store(record, promise, failures + 1));
            }
        });
    }
}
