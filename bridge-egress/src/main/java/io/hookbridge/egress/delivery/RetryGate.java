package io.hookbridge.egress.delivery;

import io.hookbridge.egress.retry.RetryRecords;
import io.hookbridge.egress.retry.RetryTiers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges each record read from a retry tier: due (attempt it now), not due (rewind the partition to it and
 * pause it until then), or malformed (dead-letter it). It also remembers which tier partitions wait until
 * when. A due time is capped at the tier's reach ({@link RetryTiers#reachMillis}) from the record's
 * timestamp: a record cannot hold its partition longer than any record the egress writes there would,
 * whatever its {@code hookbridge-due-at} says. Used by the poll thread only.
 */
final class RetryGate {

    /** How far a record's timestamp may be ahead of this clock (another instance's clock) before it is refused. */
    static final long MAX_CLOCK_SKEW_MS = 60_000;

    sealed interface Verdict {
    }

    record Due(RetryRecords.Retry retry) implements Verdict {
    }

    record NotDue(long dueAt) implements Verdict {
    }

    record Malformed(String reason) implements Verdict {
    }

    private final RetryTiers tiers;
    private final Map<TopicPartition, Long> waiting = new HashMap<>();

    RetryGate(RetryTiers tiers) {
        this.tiers = tiers;
    }

    boolean isTier(String topic) {
        return tiers.isTier(topic);
    }

    Verdict judge(ConsumerRecord<byte[], byte[]> record, long now) {
        RetryRecords.Retry retry;
        try {
            retry = RetryRecords.read(record);
        } catch (RetryRecords.Malformed e) {
            return new Malformed(e.getMessage());
        }
        if (record.timestamp() > now + MAX_CLOCK_SKEW_MS) {
            return new Malformed("the record's timestamp is " + (record.timestamp() - now) + " ms in the future");
        }
        long written = Math.max(0, record.timestamp());
        long due = Math.min(retry.dueAt(), written + tiers.reachMillis(record.topic()));
        return due > now ? new NotDue(due) : new Due(retry);
    }

    /** The partition is paused (by the caller) until {@code dueAt}. */
    void waitUntil(TopicPartition tp, long dueAt) {
        waiting.put(tp, dueAt);
    }

    /** The waiting partitions that are due by {@code now}; they are no longer waiting. */
    List<TopicPartition> due(long now) {
        List<TopicPartition> due = new ArrayList<>();
        waiting.entrySet().removeIf(e -> {
            if (e.getValue() > now) return false;
            due.add(e.getKey());
            return true;
        });
        return due;
    }

    /** How long a poll may block: until the next waiting partition is due, at most {@code max}. */
    long pollMillis(long now, long max) {
        long wait = max;
        for (long due : waiting.values()) {
            wait = Math.min(wait, Math.max(1, due - now));
        }
        return wait;
    }

    Set<TopicPartition> waiting() {
        return waiting.keySet();
    }

    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(waiting::remove);
    }
}
