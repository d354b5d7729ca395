package io.hookbridge.egress.delivery;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * Unordered dispatch, ordered commits, for one partition. Records are seen in offset order and finish in
 * any order; the committable offset is the first one still pending, or, when nothing is pending, the
 * consumer's position. The position, not "last seen + 1", matters when offsets have gaps (transaction
 * markers, compaction):
 * <pre>
 *   offsets seen:   10  11  12  [13 = commit marker, never returned]  14
 *   done:           x       x                                          x
 *   commit -> 11 (the first pending)            ...once 11 is done too -> position (15)
 * </pre>
 * Completions arrive from event-loop threads; the poll thread reads. Hence synchronized.
 */
final class OffsetTracker {

    private final ArrayDeque<Long> pending = new ArrayDeque<>();
    private final Set<Long> doneOutOfOrder = new HashSet<>();

    synchronized void seen(long offset) {
        pending.addLast(offset);
    }

    synchronized void done(long offset) {
        Long head = pending.peekFirst();
        if (head == null) return;
        if (head != offset) {
            doneOutOfOrder.add(offset);
            return;
        }
        pending.pollFirst();
        while (!pending.isEmpty() && doneOutOfOrder.remove(pending.peekFirst())) {
            pending.pollFirst();
        }
        if (pending.isEmpty()) notifyAll();
    }

    /** The offset to commit, given the consumer's current position in this partition. */
    synchronized long committable(long position) {
        Long head = pending.peekFirst();
        return head == null ? position : head;
    }

    synchronized int pendingCount() {
        return pending.size();
    }

    /** Waits until nothing is pending, at most until {@code deadlineNanos} (System.nanoTime()). */
    synchronized boolean awaitIdle(long deadlineNanos) throws InterruptedException {
        while (!pending.isEmpty()) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) return false;
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
