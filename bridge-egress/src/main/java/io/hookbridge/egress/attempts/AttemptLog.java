package io.hookbridge.egress.attempts;

import io.hookbridge.egress.delivery.AttemptListener;
import io.hookbridge.egress.delivery.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The writing side of {@code topics.attempts}: every attempt is handed to the producer and not waited for.
 * Losing an attempt record never holds, repeats or loses the delivery: the delivery goes on whatever
 * happens here. At most {@code maxPending} records, and at most {@code maxPendingBytes} of them, are
 * unacknowledged at once; beyond that a record is dropped and counted ({@code hookbridge_attempt_log_dropped_total}).
 * The byte bound keeps the producer's buffer from filling (a record holds up to 1 KiB of a receiver's answer,
 * several times that once JSON-escaped), which would make {@code send()} block the event loop for
 * {@code max.block.ms}. A failed write is counted
 * ({@code hookbridge_attempt_log_failed_total}) after the producer's own retries, never tried again.
 */
public final class AttemptLog implements AttemptListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AttemptLog.class);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final int maxPending;
    private final long maxPendingBytes;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final Counter written;
    private final Counter dropped;
    private final Counter failed;

    public AttemptLog(Producer<byte[], byte[]> producer, String topic, int maxPending, long maxPendingBytes,
                      MeterRegistry registry) {
        this.producer = producer;
        this.topic = topic;
        this.maxPending = maxPending;
        this.maxPendingBytes = maxPendingBytes;
        this.written = Counter.builder("hookbridge.attempt.log.written")
                .description("Attempt records Kafka acknowledged on topics.attempts").register(registry);
        this.dropped = Counter.builder("hookbridge.attempt.log.dropped")
                .description("Attempt records dropped because too many were waiting for Kafka").register(registry);
        this.failed = Counter.builder("hookbridge.attempt.log.failed")
                .description("Attempt records Kafka did not take (after the producer's retries)").register(registry);
        Gauge.builder("hookbridge.attempt.log.pending", pending, AtomicInteger::get)
                .description("Attempt records handed to the producer and not yet acknowledged").register(registry);
    }

    @Override
    public void attempted(Attempt attempt) {
        byte[] value = encode(attempt);
        long bytes = value.length;
        // Both counted before either is judged (|, not ||), so that both are undone alike.
        if (pending.incrementAndGet() > maxPending | pendingBytes.addAndGet(bytes) > maxPendingBytes) {
            pending.decrementAndGet();
            pendingBytes.addAndGet(-bytes);
            dropped.increment();
            return;
        }
        try {
            producer.send(new ProducerRecord<>(topic, null, attempt.startedAtMillis(), utf8(attempt.subscriptionId()),
                    value), (metadata, error) -> {
                pending.decrementAndGet();
                pendingBytes.addAndGet(-bytes);
                if (error == null) {
                    written.increment();
                } else {
                    failed.increment();
                    LOG.debug("attempt record of {} not written: {}", attempt.event().id(), error.toString());
                }
            });
        } catch (RuntimeException e) {
            // send() itself throws when the producer is closed or metadata cannot be had within max.block.ms.
            pending.decrementAndGet();
            pendingBytes.addAndGet(-bytes);
            failed.increment();
            LOG.debug("attempt record of {} not written: {}", attempt.event().id(), e.toString());
        }
    }

    /** The value written to topics.attempts: {@link #of}'s JSON, encoded without building the record first. */
    static byte[] encode(Attempt a) {
        Outcome o = a.outcome();
        return AttemptRecord.encode(a.subscriptionId(), a.event().id(), a.event().type(), a.number(),
                AttemptRecord.at(a.startedAtMillis()), durationMs(a), o.label(), o.status(), o.error(),
                o.responseHeaders(), text(o.responseBody()), a.replayOf());
    }

    private static double durationMs(Attempt a) {
        return Math.round(a.durationNanos() / 1_000.0) / 1_000.0;
    }

    /** The record of an attempt. */
    public static AttemptRecord of(Attempt a) {
        Outcome o = a.outcome();
        Map<String, String> headers = null;
        if (!o.responseHeaders().isEmpty()) {
            headers = new LinkedHashMap<>();
            for (Map.Entry<String, String> h : o.responseHeaders()) headers.put(h.getKey(), h.getValue());
        }
        return new AttemptRecord(a.subscriptionId(), a.event().id(), a.event().type(), a.number(),
                AttemptRecord.at(a.startedAtMillis()), durationMs(a),
                o.label(), o.status() > 0 ? o.status() : null, o.error(), headers, text(o.responseBody()), a.replayOf());
    }

    /** UTF-8 with malformed bytes replaced: the prefix may end inside a character, the body may not be text. */
    private static String text(byte[] bytes) {
        if (bytes == null || bytes.length == 0) return null;
        return new String(bytes, StandardCharsets.UTF_8); // replaces what is malformed with U+FFFD
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Records still unacknowledged; for tests and the gauge. */
    public int pending() {
        return pending.get();
    }

    /** Flushes what is pending (bounded by the producer's own timeouts) and closes the producer. */
    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
