package io.hookbridge.egress.delivery;

import io.hookbridge.egress.events.Event;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The delivery consumer's thread: polls {@code topics.events} and the retry tiers and passes each record on.
 * <pre>
 *   poll ──> events record ──> FanOut (one item per matching subscription) ──┐
 *        └─> tier record ──> RetryGate: due ──> FanOut (its one item) ───────┼──> WorkSink (dispatcher shards)
 *                                       not due ──> rewind, pause until due   │
 *                                       malformed ──> dead letter             │
 *   each item's completion ──> CommitTracker (ordered commits) + Backpressure (global memory guard)
 * </pre>
 * Every record counts as seen by the {@link CommitTracker} until all its items are finished.
 */
final class PollLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);
    private static final long MAX_POLL_MS = 100;

    private final Consumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final RetryGate gate;
    private final FanOut fanOut;
    private final Backpressure backpressure;
    private final CommitTracker commits;
    private final WorkSink sink;
    private final HandOff handOff;
    private final Duration drainTimeout;
    private final Thread thread;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile boolean running = true;

    PollLoop(Consumer<byte[], byte[]> consumer, List<String> topics, RetryGate gate, FanOut fanOut,
             Backpressure backpressure, WorkSink sink, HandOff handOff, Duration drainTimeout) {
        this.consumer = consumer;
        this.topics = List.copyOf(topics);
        this.gate = gate;
        this.fanOut = fanOut;
        this.backpressure = backpressure;
        this.commits = new CommitTracker(consumer);
        this.sink = sink;
        this.handOff = handOff;
        this.drainTimeout = drainTimeout;
        this.thread = new Thread(this::run, "hookbridge-delivery");
    }

    void start() {
        thread.start();
    }

    boolean isRunning() {
        return thread.isAlive() && running;
    }

    private void run() {
        try {
            consumer.subscribe(topics, new Rebalance());
            while (running) {
                pollOnce();
            }
        } catch (RuntimeException e) {
            LOG.error("delivery consumer stopped: {}", e.toString(), e);
        } finally {
            finish();
        }
    }

    /** One turn of the loop; the tests call it directly on a MockConsumer. */
    void pollOnce() {
        long now = System.currentTimeMillis();
        List<TopicPartition> due = gate.due(now);
        if (!due.isEmpty() && !backpressure.paused()) consumer.resume(due);
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(Duration.ofMillis(gate.pollMillis(now, MAX_POLL_MS)));
        } catch (WakeupException e) {
            return; // close() wants the loop to look at `running`
        } catch (KafkaException e) {
            LOG.warn("delivery poll failed: {}", e.toString());
            return;
        }
        for (TopicPartition tp : records.partitions()) {
            take(tp, records.records(tp));
        }
        sink.flush();
        backpressure.balance(consumer, gate.waiting());
        commits.commitIfDue(System.currentTimeMillis());
    }

    private void take(TopicPartition tp, List<ConsumerRecord<byte[], byte[]>> records) {
        boolean tier = gate.isTier(tp.topic());
        OffsetTracker tracker = commits.of(tp);
        long now = System.currentTimeMillis();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            List<Work> works;
            if (tier) {
                RetryGate.Verdict verdict = gate.judge(record, now);
                if (verdict instanceof RetryGate.NotDue notDue) {
                    // Rewind to it and pause the partition; the records behind it are due about as late or later.
                    consumer.seek(tp, record.offset());
                    consumer.pause(List.of(tp));
                    gate.waitUntil(tp, notDue.dueAt());
                    return;
                }
                if (verdict instanceof RetryGate.Malformed malformed) {
                    tracker.seen(record.offset());
                    deadLetter(record, malformed.reason(), tracker);
                    continue;
                }
                works = List.of(fanOut.retry(record, ((RetryGate.Due) verdict).retry(), completions(record, tracker)));
            } else {
                works = fanOut.event(record, completions(record, tracker));
            }
            tracker.seen(record.offset());
            if (works.isEmpty()) {
                tracker.done(record.offset());
                continue;
            }
            for (Work work : works) {
                sink.add(work);
            }
        }
    }

    /** A retry record that cannot be acted on is dead-lettered with the reason, never waited on. */
    private void deadLetter(ConsumerRecord<byte[], byte[]> record, String reason, OffsetTracker tracker) {
        LOG.warn("retry record {}-{}@{} is malformed ({}): dead-lettered", record.topic(), record.partition(),
                record.offset(), reason);
        long offset = record.offset();
        backpressure.taken(1, 0);
        handOff.malformed(record, reason).onComplete(ar -> {
            backpressure.released(0);
            if (ar.succeeded()) tracker.done(offset);
        });
    }

    /** Counts a record's items as outstanding; the record is finished when the last of them is. */
    private FanOut.Completions completions(ConsumerRecord<byte[], byte[]> record, OffsetTracker tracker) {
        long offset = record.offset();
        return (Event event, int items) -> {
            long bytes = event.body().length;
            backpressure.taken(items, bytes);
            AtomicInteger remaining = new AtomicInteger(items);
            return () -> {
                backpressure.released(bytes);
                if (remaining.decrementAndGet() == 0) tracker.done(offset);
            };
        };
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) return;
            sink.flush();
            commits.drain(partitions, drainTimeout);
            commits.commitAndForget(partitions);
            gate.forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            commits.forget(partitions);
            gate.forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            backpressure.assigned(consumer, partitions);
        }
    }

    /** Stop consuming, let the work in flight finish or be handed on, commit, close. */
    private void finish() {
        try {
            // close() may have left a wakeup pending, which would fail the commit below: spend it on a poll
            // that returns nothing (every partition paused), without moving any position.
            try {
                consumer.pause(consumer.assignment());
                consumer.poll(Duration.ZERO);
            } catch (WakeupException spent) {
                // expected
            }
            sink.flush();
            commits.drain(new ArrayList<>(commits.partitions()), drainTimeout);
            commits.commit(true, System.currentTimeMillis());
        } catch (RuntimeException e) {
            LOG.warn("final commit failed: {}", e.toString());
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warn("closing the delivery consumer: {}", e.toString());
            }
            stopped.complete(null);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            stopped.get(drainTimeout.toMillis() + 20_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("delivery consumer did not stop in time: {}", e.toString());
        }
    }

    /** Where work goes: the dispatcher shards. */
    interface WorkSink {
        void add(Work work);

        /** Hands over what was added since the last flush. */
        void flush();
    }
}
