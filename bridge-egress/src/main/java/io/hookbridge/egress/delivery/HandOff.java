package io.hookbridge.egress.delivery;

import io.hookbridge.common.kafka.AsyncProducer;
import io.hookbridge.common.kafka.HeaderValues;
import io.hookbridge.egress.events.Event;
import io.hookbridge.egress.deadletter.DeadLetterRecords;
import io.hookbridge.egress.retry.RetryRecords;
import io.hookbridge.egress.retry.RetryTiers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

    /** The dead-letter reason of a retry record that cannot be acted on. */
    static final String MALFORMED = "malformed-retry-record";

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

    /**
     * Work not attempted now, kept in the tier that reaches its wait: a deferral, not a failed attempt. The
     * wait is held within what the tiers reach, whatever the caller asked for.
     */
    Future<Void> defer(Work work, long dueAt, String reason) {
        long now = System.currentTimeMillis();
        long due = Math.max(now, Math.min(dueAt, now + tiers.longestWaitMillis()));
        return store(RetryRecords.deferred(tiers.tierFor(due - now), work.event(), work.subscriptionId(), work.attempts(),
                due, reason, work.replayOf()))
                .onSuccess(v -> metrics.deferred(work.subscriptionId(), reason));
    }

    /**
     * A retry record that cannot be acted on (a header missing or garbled): dead-lettered with the reason
     * {@value #MALFORMED} and the problem in words, keeping whatever subscription it names.
     */
    Future<Void> malformed(ConsumerRecord<byte[], byte[]> record, String problem) {
        String subscription = RetryRecords.subscription(record);
        if (subscription != null && (subscription.isBlank() || subscription.length() > 200)) subscription = null;
        return store(DeadLetterRecords.undelivered(deadLetterTopic, Event.of(record), subscription,
                (int) HeaderValues.number(record.headers(), RetryRecords.ATTEMPTS, 0), MALFORMED, 0, problem));
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
