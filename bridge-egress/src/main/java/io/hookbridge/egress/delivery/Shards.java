package io.hookbridge.egress.delivery;

import java.util.ArrayList;
import java.util.List;

/**
 * Routes work from the consumer thread to the dispatcher shards, a subscription always to the same one,
 * and batches it: one hop onto each event loop per poll rather than one per record.
 */
final class Shards implements PollLoop.WorkSink {

    private final List<Dispatcher> dispatchers;
    private final List<List<Work>> pending = new ArrayList<>();

    Shards(List<Dispatcher> dispatchers) {
        this.dispatchers = List.copyOf(dispatchers);
        for (int i = 0; i < dispatchers.size(); i++) {
            pending.add(new ArrayList<>());
        }
    }

    @Override
    public void add(Work work) {
        pending.get(Math.floorMod(work.subscriptionId().hashCode(), dispatchers.size())).add(work);
    }

    @Override
    public void flush() {
        for (int i = 0; i < dispatchers.size(); i++) {
            List<Work> batch = pending.get(i);
            if (batch.isEmpty()) continue;
            pending.set(i, new ArrayList<>());
            dispatchers.get(i).submit(batch);
        }
    }
}
