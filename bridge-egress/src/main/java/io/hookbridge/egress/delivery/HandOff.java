package io.hookbridge.egress.delivery;

import io.hookbridge.egress.kafka.AsyncProducer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a delivery on to Kafka: to a retry tier (with its attempt count and due time) or to the dead
 * letters (with the reason and the last status). The returned future completes only once Kafka has the
 * record; a failed write is tried again with backoff, never given up while running, because the record it
 * came from must not be committed before it is stored somewhere ("pause instead of losing").
 */
public final class HandOff {

    private static final Logger LOG = LoggerFactory.getLogger(HandOff.class);

    private final Vertx vertx;
    private final AsyncProducer producer;
    private final RetryTiers tiers;
    private final String deadLetterTopic;
    private final DeliveryMetrics metrics;
    private volatile boolean closed;

    public HandOff(Vertx vertx, AsyncProducer producer, RetryTiers tiers, String deadLetterTopic, DeliveryMetrics metrics) {
        this.vertx = vertx;
        this.producer = producer;
        this.tiers = tiers;
        this.deadLetterTopic = deadLetterTopic;
        this.metrics = metrics;
    }

    Future<Void> retry(Work work, int attemptsMade, long dueAt, Outcome last) {
        Headers headers = eventHeaders(work.event(), work.subscriptionId(), attemptsMade);
        headers.add(DeliveryHeaders.DUE_AT, DeliveryHeaders.bytes(dueAt));
        lastAttempt(headers, last);
        String topic = tiers.tierFor(dueAt - System.currentTimeMillis());
        return store(new ProducerRecord<>(topic, null, work.event().key(), work.event().body(), headers));
    }

    Future<Void> deadLetter(Work work, int attemptsMade, String reason, Outcome last) {
        Headers headers = eventHeaders(work.event(), work.subscriptionId(), attemptsMade);
        headers.add(DeliveryHeaders.REASON, DeliveryHeaders.bytes(reason));
        headers.add(DeliveryHeaders.DEAD_LETTERED_AT, DeliveryHeaders.bytes(System.currentTimeMillis()));
        lastAttempt(headers, last);
        return store(new ProducerRecord<>(deadLetterTopic, null, work.event().key(), work.event().body(), headers))
                .onSuccess(v -> metrics.deadLetter(work.subscriptionId()));
    }

    /** A dead letter back into the first retry tier, due now, with a fresh schedule. */
    public Future<Void> replay(Event event, String subscriptionId, String deadLetterRef) {
        Headers headers = eventHeaders(event, subscriptionId, 0);
        headers.add(DeliveryHeaders.DUE_AT, DeliveryHeaders.bytes(System.currentTimeMillis()));
        headers.add(DeliveryHeaders.REPLAY_OF, DeliveryHeaders.bytes(deadLetterRef));
        return producer.send(new ProducerRecord<>(tiers.first(), null, event.key(), event.body(), headers)).mapEmpty();
    }

    /** Stops retrying failed writes: what is not stored by now stays uncommitted and is consumed again. */
    public void close() {
        closed = true;
    }

    private static Headers eventHeaders(Event event, String subscriptionId, int attemptsMade) {
        Headers headers = new RecordHeaders();
        for (Header h : event.headers()) {
            headers.add(h);
        }
        headers.add(DeliveryHeaders.SUBSCRIPTION, DeliveryHeaders.bytes(subscriptionId));
        headers.add(DeliveryHeaders.ATTEMPTS, DeliveryHeaders.bytes(attemptsMade));
        return headers;
    }

    private static void lastAttempt(Headers headers, Outcome last) {
        if (last == null) return;
        if (last.status() > 0) headers.add(DeliveryHeaders.LAST_STATUS, DeliveryHeaders.bytes(last.status()));
        if (last.error() != null) headers.add(DeliveryHeaders.LAST_ERROR, DeliveryHeaders.bytes(last.error()));
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
