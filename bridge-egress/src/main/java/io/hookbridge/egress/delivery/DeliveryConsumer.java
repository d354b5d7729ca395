package io.hookbridge.egress.delivery;

import io.hookbridge.egress.events.Event;
import io.hookbridge.egress.events.EventTypes;
import io.hookbridge.egress.retry.RetryRecords;
import io.hookbridge.egress.retry.RetryTiers;
import io.hookbridge.egress.subscription.Subscription;
import io.hookbridge.egress.subscription.Subscriptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The delivery consumer: one thread that polls {@code topics.events} and the retry tiers, turns each
 * record into work (an event fans out to every enabled subscription whose {@code eventTypes} match; a
 * retry record is work for its one subscription), hands the work to the dispatcher shards, and commits
 * per partition the lowest offset whose work is all done ({@link OffsetTracker}).
 * <p>
 * A retry-tier partition whose head record is not due yet is rewound to that record and paused until it
 * is due. When too much work is outstanding (a slow receiver), every partition is paused until it drains:
 * memory stays bounded and nothing is committed that was not finished.
 */
final class DeliveryConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryConsumer.class);
    static final int MAX_OUTSTANDING = 10_000;
    static final long MAX_OUTSTANDING_BYTES = 64L * 1024 * 1024;
    private static final long COMMIT_INTERVAL_MS = 200;
    private static final int MATCH_CACHE_LIMIT = 10_000;

    private final Consumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final RetryTiers tiers;
    private final Subscriptions store;
    private final Shards shards;
    private final Duration drainTimeout;
    private final Thread thread;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    // Owned by the poll thread.
    private final Map<TopicPartition, OffsetTracker> trackers = new HashMap<>();
    private final Map<TopicPartition, Long> dueAt = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final Map<String, List<String>> matchCache = new HashMap<>();
    private long matchVersion = -1;
    private boolean loadPaused;
    private long lastCommit;

    // Updated by completions on event loops.
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicLong outstandingBytes = new AtomicLong();
    private volatile boolean running = true;

    DeliveryConsumer(Consumer<byte[], byte[]> consumer, String eventsTopic, RetryTiers tiers, Subscriptions store,
                     Shards shards, Duration drainTimeout) {
        this.consumer = consumer;
        this.topics = new ArrayList<>();
        this.topics.add(eventsTopic);
        this.topics.addAll(tiers.topics());
        this.tiers = tiers;
        this.store = store;
        this.shards = shards;
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
                resumeDue();
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(Duration.ofMillis(pollMillis()));
                } catch (WakeupException e) {
                    continue; // close() wants the loop to look at `running`
                } catch (KafkaException e) {
                    LOG.warn("delivery poll failed: {}", e.toString());
                    continue;
                }
                for (TopicPartition tp : records.partitions()) {
                    take(tp, records.records(tp));
                }
                shards.flush();
                balanceLoad();
                if (System.currentTimeMillis() - lastCommit >= COMMIT_INTERVAL_MS) commit(false);
            }
        } catch (RuntimeException e) {
            LOG.error("delivery consumer stopped: {}", e.toString(), e);
        } finally {
            finish();
        }
    }

    private void take(TopicPartition tp, List<ConsumerRecord<byte[], byte[]>> records) {
        boolean tier = tiers.isTier(tp.topic());
        OffsetTracker tracker = trackers.computeIfAbsent(tp, k -> new OffsetTracker());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            List<Work> works;
            if (tier) {
                long due = RetryRecords.dueAt(record);
                if (due > System.currentTimeMillis()) {
                    // Not due: rewind to it and pause the partition; the records behind it are due later.
                    consumer.seek(tp, record.offset());
                    consumer.pause(List.of(tp));
                    dueAt.put(tp, due);
                    return;
                }
                works = retryWork(record, tracker);
            } else {
                works = fanOut(record, tracker);
            }
            tracker.seen(record.offset());
            if (works.isEmpty()) {
                tracker.done(record.offset());
                continue;
            }
            outstanding.addAndGet(works.size());
            outstandingBytes.addAndGet((long) works.get(0).event().body().length * works.size());
            for (Work work : works) {
                shards.add(work);
            }
        }
    }

    /**
     * One work item per matching subscription. The type alone decides whether there is any, so an event
     * that no subscription wants (often most of them) is skipped without being decoded further.
     */
    private List<Work> fanOut(ConsumerRecord<byte[], byte[]> record, OffsetTracker tracker) {
        List<String> subscribers = subscribers(Event.typeOf(record));
        if (subscribers.isEmpty()) return List.of();
        Event event = Event.of(record);
        AtomicInteger remaining = new AtomicInteger(subscribers.size());
        Runnable done = completion(event, record.offset(), tracker, remaining);
        List<Work> works = new ArrayList<>(subscribers.size());
        for (String id : subscribers) {
            works.add(new Work(event, id, 0, null, done));
        }
        return works;
    }

    private List<Work> retryWork(ConsumerRecord<byte[], byte[]> record, OffsetTracker tracker) {
        String subscription = RetryRecords.subscription(record);
        if (subscription == null) {
            LOG.warn("record {}-{}@{} has no {} header, skipped", record.topic(), record.partition(), record.offset(),
                    RetryRecords.SUBSCRIPTION);
            return List.of();
        }
        int attempts = RetryRecords.attempts(record);
        Event event = Event.of(record);
        Runnable done = completion(event, record.offset(), tracker, new AtomicInteger(1));
        return List.of(new Work(event, subscription, attempts, RetryRecords.replayOf(record), done));
    }

    /** Called once per work item; the record is done when the last of its items is. */
    private Runnable completion(Event event, long offset, OffsetTracker tracker, AtomicInteger remaining) {
        long bytes = event.body().length;
        return () -> {
            outstanding.decrementAndGet();
            outstandingBytes.addAndGet(-bytes);
            if (remaining.decrementAndGet() == 0) tracker.done(offset);
        };
    }

    /** Enabled subscriptions matching a type; cached until the subscription table changes. */
    private List<String> subscribers(String type) {
        long version = store.version();
        if (version != matchVersion || matchCache.size() > MATCH_CACHE_LIMIT) {
            matchCache.clear();
            matchVersion = version;
        }
        return matchCache.computeIfAbsent(type, t -> {
            List<String> ids = new ArrayList<>();
            for (Subscription s : store.all()) {
                if (s.enabled() && EventTypes.matches(s.eventTypes(), t)) ids.add(s.id());
            }
            return List.copyOf(ids);
        });
    }

    private long pollMillis() {
        long wait = 100;
        long now = System.currentTimeMillis();
        for (long due : dueAt.values()) {
            wait = Math.min(wait, Math.max(1, due - now));
        }
        return wait;
    }

    private void resumeDue() {
        if (dueAt.isEmpty()) return;
        long now = System.currentTimeMillis();
        List<TopicPartition> due = new ArrayList<>();
        dueAt.entrySet().removeIf(e -> {
            if (e.getValue() > now) return false;
            due.add(e.getKey());
            return true;
        });
        if (!due.isEmpty() && !loadPaused) consumer.resume(due);
    }

    private void balanceLoad() {
        int count = outstanding.get();
        long bytes = outstandingBytes.get();
        if (!loadPaused && (count > MAX_OUTSTANDING || bytes > MAX_OUTSTANDING_BYTES)) {
            LOG.info("{} deliveries outstanding ({} bytes): pausing consumption until they drain", count, bytes);
            consumer.pause(consumer.assignment());
            loadPaused = true;
        } else if (loadPaused && count <= MAX_OUTSTANDING / 2 && bytes <= MAX_OUTSTANDING_BYTES / 2) {
            Set<TopicPartition> resume = new HashSet<>(consumer.assignment());
            resume.removeAll(dueAt.keySet());
            consumer.resume(resume);
            loadPaused = false;
        }
    }

    /** Commits what is finished; synchronously when {@code sync} (revocation, stop). */
    private void commit(boolean sync) {
        lastCommit = System.currentTimeMillis();
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.of();
        try {
            offsets = committable(trackers.keySet());
            if (offsets.isEmpty()) return;
            if (sync) {
                consumer.commitSync(offsets, Duration.ofSeconds(10));
                offsets.forEach((tp, o) -> committed.put(tp, o.offset()));
            } else {
                offsets.forEach((tp, o) -> committed.put(tp, o.offset()));
                consumer.commitAsync(offsets, (o, e) -> {
                    if (e != null) {
                        LOG.warn("offset commit failed, will try again: {}", e.toString());
                        o.keySet().forEach(committed::remove);
                    }
                });
            }
        } catch (KafkaException e) {
            LOG.warn("offset commit failed: {}", e.toString());
            offsets.keySet().forEach(committed::remove);
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetTracker tracker = trackers.get(tp);
            if (tracker == null) continue;
            long offset = tracker.committable(consumer.position(tp));
            Long last = committed.get(tp);
            if (last == null || last != offset) offsets.put(tp, new OffsetAndMetadata(offset));
        }
        return offsets;
    }

    /** Waits (bounded) until the work of these partitions is done, so their commit covers it. */
    private void drain(Collection<TopicPartition> partitions) {
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        try {
            for (TopicPartition tp : partitions) {
                OffsetTracker tracker = trackers.get(tp);
                if (tracker != null && !tracker.awaitIdle(deadline)) {
                    LOG.warn("{} deliveries of {} still unfinished after {}; they will be consumed again",
                            tracker.pendingCount(), tp, drainTimeout);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            trackers.remove(tp);
            dueAt.remove(tp);
            committed.remove(tp);
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) return;
            shards.flush();
            drain(partitions);
            try {
                Map<TopicPartition, OffsetAndMetadata> offsets = committable(partitions);
                if (!offsets.isEmpty()) consumer.commitSync(offsets, Duration.ofSeconds(10));
            } catch (KafkaException e) {
                LOG.warn("commit on revocation failed: {}", e.toString());
            }
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (loadPaused) consumer.pause(partitions);
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
            shards.flush();
            drain(new ArrayList<>(trackers.keySet()));
            commit(true);
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
            stopped.get(drainTimeout.toMillis() + 20_000, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("delivery consumer did not stop in time: {}", e.toString());
        }
    }
}
