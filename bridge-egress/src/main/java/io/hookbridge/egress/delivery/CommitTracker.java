package io.hookbridge.egress.delivery;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Ordered commits over unordered work: one {@link OffsetTracker} per partition, and the commit of the first
 * unfinished offset of each (or the position, when everything seen is finished): asynchronously every
 * {@link #INTERVAL_MS}, synchronously on revocation and stop. Used by the poll thread only (the trackers
 * themselves take completions from event loops).
 */
final class CommitTracker {

    private static final Logger LOG = LoggerFactory.getLogger(CommitTracker.class);
    static final long INTERVAL_MS = 200;
    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(10);

    private final Consumer<byte[], byte[]> consumer;
    private final Map<TopicPartition, OffsetTracker> trackers = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private long lastCommit;

    CommitTracker(Consumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
    }

    OffsetTracker of(TopicPartition tp) {
        return trackers.computeIfAbsent(tp, k -> new OffsetTracker());
    }

    Collection<TopicPartition> partitions() {
        return trackers.keySet();
    }

    /** Commits what is finished when the interval has passed since the last commit. */
    void commitIfDue(long now) {
        if (now - lastCommit >= INTERVAL_MS) commit(false, now);
    }

    /** Commits what is finished; synchronously when {@code sync} (stop). */
    void commit(boolean sync, long now) {
        lastCommit = now;
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.of();
        try {
            offsets = committable(trackers.keySet());
            if (offsets.isEmpty()) return;
            if (sync) {
                consumer.commitSync(offsets, SYNC_TIMEOUT);
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

    /** On revocation: commits what is finished of these partitions, synchronously, then forgets them. */
    void commitAndForget(Collection<TopicPartition> partitions) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = committable(partitions);
            if (!offsets.isEmpty()) consumer.commitSync(offsets, SYNC_TIMEOUT);
        } catch (KafkaException e) {
            LOG.warn("commit on revocation failed: {}", e.toString());
        }
        forget(partitions);
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

    /** Waits (bounded) until the work of these partitions is done, so that their commit covers it. */
    void drain(Collection<TopicPartition> partitions, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (TopicPartition tp : partitions) {
                OffsetTracker tracker = trackers.get(tp);
                if (tracker != null && !tracker.awaitIdle(deadline)) {
                    LOG.warn("{} deliveries of {} still unfinished after {}; they will be consumed again",
                            tracker.pendingCount(), tp, timeout);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            trackers.remove(tp);
            committed.remove(tp);
        }
    }
}
