package io.hookbridge.egress.delivery;

import io.hookbridge.egress.events.Event;
import io.hookbridge.egress.retry.RetryRecords;
import io.hookbridge.egress.subscription.Subscriptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a record into work: an event into one item per enabled subscription whose {@code eventTypes} match
 * its type, a retry record into the one item of its subscription. The type alone decides whether there is
 * any work, so an event no subscription wants (often most of them) is not decoded further. Matches are
 * cached per type until the subscription table changes. Used by the poll thread only.
 */
final class FanOut {

    private static final int MATCH_CACHE_LIMIT = 10_000;

    private final Subscriptions store;
    private final Map<String, List<String>> matchCache = new HashMap<>();
    private long matchVersion = -1;

    FanOut(Subscriptions store) {
        this.store = store;
    }

    /**
     * The work of an event; empty when no subscription wants it.
     *
     * @param done gives the completion of the record's items (one call per record, for all of them)
     */
    List<Work> event(ConsumerRecord<byte[], byte[]> record, Completions done) {
        List<String> subscribers = subscribers(Event.typeOf(record));
        if (subscribers.isEmpty()) return List.of();
        Event event = Event.of(record);
        Runnable completion = done.of(event, subscribers.size());
        List<Work> works = new ArrayList<>(subscribers.size());
        for (String id : subscribers) {
            works.add(Work.fresh(event, id, completion));
        }
        return works;
    }

    /** The one item of a retry record that the retry gate found due. */
    Work retry(ConsumerRecord<byte[], byte[]> record, RetryRecords.Retry retry, Completions done) {
        Event event = Event.of(record);
        return new Work(event, retry.subscription(), retry.attempts(), retry.replayOf(),
                done.of(event, 1));
    }

    /** Enabled subscriptions matching a type; cached until the subscription table changes. */
    private List<String> subscribers(String type) {
        long version = store.version();
        if (version != matchVersion || matchCache.size() > MATCH_CACHE_LIMIT) {
            matchCache.clear();
            matchVersion = version;
        }
        return matchCache.computeIfAbsent(type, store::subscribedTo);
    }

    /** Where the items of one record report that they are finished. */
    interface Completions {
        /** The runnable each of the record's {@code items} items calls once when it is finished. */
        Runnable of(Event event, int items);
    }
}
