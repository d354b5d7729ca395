package io.hookbridge.egress.delivery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One subscription's share of a dispatcher shard: attempts in flight (at most {@code maxInFlight}) and work
 * waiting for a slot, bounded. Confined to the shard's event loop.
 * <p>
 * The bound applies once the subscription is <em>behind</em> ({@link #behind}): its oldest waiting item has
 * waited longer than {@code maxQueueDelay}, and what waits would take longer than that to send at the
 * measured rate. A lane that keeps up may hold a burst of any size (the global memory guard bounds that,
 * and it drains in moments); a lane that is behind keeps at most what it sends in {@code maxQueueDelay},
 * never more than {@code maxQueued}. What exceeds that is returned to the caller to be deferred to Kafka,
 * newest first, so the event's offset can be committed.
 * <p>
 * Deferred work comes back in turn: each deferral takes the next slot of a schedule spaced at the lane's
 * measured rate ({@link #nextDeferral}), after the work already waiting and deferred, so a backlog is read
 * back about as fast as the subscription takes it rather than all at once. New work and work read back
 * are taken alike: while the lane is behind, the newest beyond its bound is deferred again; once it keeps up,
 * nothing is (new work may overtake the backlog: delivery has no order).
 * <p>
 * The rate is measured over one-second windows from the first finished attempt on; it rises as soon as a
 * quarter of a second shows more, and falls smoothly. Before any attempt has finished the lane cannot tell
 * its rate: for up to one timeout after its first attempt started it assumes it could send
 * {@code maxQueued} in {@code maxQueueDelay} (so it keeps up to {@code maxQueued} waiting, and what it sheds
 * comes back after about {@code maxQueueDelay}, to be judged again); after that, the floor (every attempt
 * takes the whole timeout). A new lane on a host that is slow for a few seconds (a restart's catch-up) is
 * therefore not judged by the floor and does not push a burst far into the future.
 * <p>
 * Nor is a lane judged by its measured rate while the egress itself is saturated ({@link LoopLag}): then
 * every lane is slow because the egress is, and shedding would only move work to Kafka and back (and push
 * a healthy subscriber's backlog far into the future). Its rate then counts as unknown, as above, unless it
 * measured more.
 */
final class Lane {

    private record Waiting(Work work, long since) {
    }

    private final int maxInFlight;
    private final int maxQueued;
    private final long maxQueueDelayMillis;
    private final long timeoutMillis;
    /** The slowest a saturated lane can be: every attempt takes the whole timeout. */
    private final double floorPerSecond;
    /** What a lane that has not finished an attempt yet assumes: it sends maxQueued in maxQueueDelay. */
    private final double unknownPerSecond;
    private final LoopLag loopLag;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private int inFlight;

    // Attempts finished per second, over one-second windows: rises at once, falls smoothly. Measured from
    // the first finished attempt (windowStart 0 until then); negative until a quarter second has shown it.
    private double perSecond = -1;
    private long windowStart;
    private int windowCount;
    private long firstStarted;

    private long deferredUntil;
    private long reportedAt;

    /** How often a lane that keeps shedding says so in the log. */
    static final long REPORT_EVERY_MS = 10_000;

    Lane(int maxInFlight, int maxQueued, long maxQueueDelayMillis, long timeoutMillis, LoopLag loopLag) {
        this.maxInFlight = maxInFlight;
        this.maxQueued = maxQueued;
        this.maxQueueDelayMillis = maxQueueDelayMillis;
        this.timeoutMillis = timeoutMillis;
        this.floorPerSecond = maxInFlight * 1000.0 / Math.max(1, timeoutMillis);
        this.unknownPerSecond = Math.max(floorPerSecond, maxQueued * 1000.0 / Math.max(1, maxQueueDelayMillis));
        this.loopLag = loopLag;
    }

    /**
     * Takes work in. Returns what the lane will not hold (possibly {@code work} itself, possibly older work
     * pushed out), to be deferred; usually nothing.
     */
    List<Work> offer(Work work, long now) {
        waiting.addLast(new Waiting(work, now));
        return shed(now);
    }

    /** When behind, the newest waiting work beyond the lane's bound; otherwise nothing. */
    List<Work> shed(long now) {
        if (!behind(now)) return List.of();
        int bound = bound(now);
        if (waiting.size() <= bound) return List.of();
        List<Work> excess = new ArrayList<>(waiting.size() - bound);
        while (waiting.size() > bound) {
            excess.add(waiting.pollLast().work());
        }
        return excess;
    }

    /** The next work to attempt, when a slot is free; the caller then calls {@link #started} if it sends it. */
    Work next() {
        if (inFlight >= maxInFlight) return null;
        Waiting next = waiting.pollFirst();
        return next == null ? null : next.work();
    }

    void started(long now) {
        inFlight++;
        if (firstStarted == 0) firstStarted = now;
    }

    void finished(long now) {
        inFlight--;
        if (windowStart == 0) {
            windowStart = now; // the first window opens with the first finished attempt
        } else if (now - windowStart >= 1000) {
            roll(now);
        }
        windowCount++;
    }

    /**
     * When a deferred item should come back: the next free slot of the lane's schedule, after what waits
     * in the lane and what was deferred before, at most {@code longestMillis} ahead.
     */
    long nextDeferral(long now, long longestMillis) {
        double rate = rate(now);
        long spacing = (long) Math.ceil(1000.0 / rate);
        long afterQueue = now + (long) ((waiting.size() + inFlight) * 1000.0 / rate);
        deferredUntil = Math.min(now + longestMillis, Math.max(afterQueue, deferredUntil) + spacing);
        return deferredUntil;
    }

    /** Nothing in flight, nothing waiting, no backlog expected back: the lane can be dropped. */
    boolean empty(long now) {
        return inFlight == 0 && waiting.isEmpty() && deferredUntil <= now;
    }

    /** Whether a shed now is to be logged: the first, then at most one every {@link #REPORT_EVERY_MS}. */
    boolean report(long now) {
        if (reportedAt != 0 && now - reportedAt < REPORT_EVERY_MS) return false;
        reportedAt = now;
        return true;
    }

    /** What the log says of a lane that sheds: what it holds and the rate it is judged by. */
    String describe(long now) {
        Waiting head = waiting.peekFirst();
        return String.format("%d waiting, the oldest for %d ms, %d in flight, %.0f/s%s", waiting.size(),
                head == null ? 0 : now - head.since(), inFlight, rate(now),
                windowStart == 0 ? " (not measured yet)" : loopLag.saturated(now) ? " (the egress is saturated)" : "");
    }

    int waitingCount() {
        return waiting.size();
    }

    /**
     * Behind: the oldest waiting item waited longer than {@code maxQueueDelay}, and what waits would take
     * longer than that to send at the measured rate. A fast lane working through a burst (its head aged by the
     * burst itself, on a loaded host) is not behind: it sheds nothing and costs no writes.
     */
    boolean behind(long now) {
        Waiting head = waiting.peekFirst();
        return head != null && now - head.since() > maxQueueDelayMillis
                && waiting.size() * 1000.0 / rate(now) > maxQueueDelayMillis;
    }

    /** What a lane that is behind may keep waiting: what it sends in maxQueueDelay, at least one, at most maxQueued. */
    private int bound(long now) {
        return (int) Math.max(1, Math.min(maxQueued, rate(now) * maxQueueDelayMillis / 1000.0));
    }

    /**
     * Attempts finished per second; never below what a saturated lane of timeouts achieves, nor below the
     * unknown rate while the egress is saturated.
     */
    double rate(long now) {
        double measured = measuredRate(now);
        return loopLag.saturated(now) ? Math.max(measured, unknownPerSecond) : measured;
    }

    private double measuredRate(long now) {
        if (windowStart == 0) {
            // Nothing finished yet: unknown, until one attempt has been out for a whole timeout.
            return firstStarted > 0 && now - firstStarted >= timeoutMillis ? floorPerSecond : unknownPerSecond;
        }
        long elapsed = now - windowStart;
        if (elapsed >= 1000) {
            roll(now);
        } else if (elapsed >= 250) {
            double sofar = windowCount * 1000.0 / elapsed;
            if (sofar > perSecond) perSecond = Math.max(floorPerSecond, sofar); // up at once, even within a window
        }
        return perSecond < 0 ? unknownPerSecond : perSecond;
    }

    private void roll(long now) {
        long elapsed = now - windowStart;
        double measured = windowCount * 1000.0 / elapsed;
        if (perSecond < 0 || elapsed >= 10_000 || measured >= perSecond) {
            // The first measurement, one after a long quiet, or a lane that speeds up: taken as it is.
            perSecond = Math.max(floorPerSecond, measured);
        } else {
            perSecond = Math.max(floorPerSecond, 0.5 * perSecond + 0.5 * measured); // down smoothly
        }
        windowStart = now;
        windowCount = 0;
    }
}
