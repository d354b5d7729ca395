package io.hookbridge.egress.delivery;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The global memory guard, and nothing else: when more work items (or bytes of bodies) are outstanding
 * than the process should hold, every partition is paused until half of it has drained. A subscription
 * that does not keep up cannot bring this about: its lane sheds what exceeds its bound to Kafka
 * ({@link Lane}), so the guard only meets many fast subscriptions together, which drain it in moments.
 * Counts change on event loops (completions); pausing and resuming happen on the poll thread.
 */
final class Backpressure {

    private static final Logger LOG = LoggerFactory.getLogger(Backpressure.class);

    private final int maxItems;
    private final long maxBytes;
    private final AtomicInteger items = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private boolean paused;

    Backpressure(int maxItems, long maxBytes) {
        this.maxItems = maxItems;
        this.maxBytes = maxBytes;
    }

    /** {@code count} work items of one record with a body of {@code bodyBytes} are now outstanding. */
    void taken(int count, long bodyBytes) {
        items.addAndGet(count);
        bytes.addAndGet(bodyBytes * count);
    }

    /** One work item with a body of {@code bodyBytes} is finished. */
    void released(long bodyBytes) {
        items.decrementAndGet();
        bytes.addAndGet(-bodyBytes);
    }

    boolean paused() {
        return paused;
    }

    /**
     * Pauses every assigned partition when over the limit, resumes them at half of it except those that must
     * stay paused (retry-tier partitions whose head is not due).
     */
    void balance(Consumer<?, ?> consumer, Set<TopicPartition> keepPaused) {
        int count = items.get();
        long size = bytes.get();
        if (!paused && (count > maxItems || size > maxBytes)) {
            LOG.info("{} deliveries outstanding ({} bytes): pausing consumption until they drain", count, size);
            consumer.pause(consumer.assignment());
            paused = true;
        } else if (paused && count <= maxItems / 2 && size <= maxBytes / 2) {
            Set<TopicPartition> resume = new HashSet<>(consumer.assignment());
            resume.removeAll(keepPaused);
            consumer.resume(resume);
            paused = false;
        }
    }

    /** Newly assigned partitions start paused while the guard holds. */
    void assigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (paused) consumer.pause(partitions);
    }
}
