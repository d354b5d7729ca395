package io.hookbridge.egress.retry;

import io.hookbridge.common.config.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The non-blocking retry topics (Spring Kafka's pattern): one topic per distinct delay of
 * {@code retrySchedule}, named {@code <retryPrefix>.<delay>} (e.g. {@code hookbridge.retry.5m}). A failed
 * attempt is written to the tier of its next delay with the time it is due; the tier's consumer pauses a
 * partition until its head record is due. Since every record of a tier waits about the same delay, the
 * head is (nearly) always the first due, and a wait never holds back a record that is due sooner by much.
 * <p>
 * Besides the schedule's own delays there are {@link #BETWEEN_STEPS} tiers (15 s, 1 m) below its longest one:
 * a deferral chooses its wait freely, and with the default schedule (5 s, 5 m, ...) every wait from 6 s to
 * 6 minutes would land in the 5 m tier, behind other subscriptions' deferrals due minutes later, however
 * soon it was due itself (head of line). With them a wait is held back by at most its tier's reach, about 3 to 5 times
 * the shortest wait in that tier (6 s to 18 s in the 15 s tier, 18 s to 72 s in the 1 m tier, then 5 m).
 */
public final class RetryTiers {

    /** Up to this fraction is added to each delay so that retries of one outage spread out. */
    static final double JITTER = 0.2;
    static final long MIN_RETRY_AFTER_CAP_MS = 60_000;
    /** Tiers added below the schedule's longest delay, so that a short deferral is not held back for minutes. */
    static final List<Duration> BETWEEN_STEPS = List.of(Duration.ofSeconds(15), Duration.ofMinutes(1));

    private final List<Duration> schedule;
    private final TreeMap<Long, String> topicsByDelay = new TreeMap<>();

    public RetryTiers(String retryPrefix, List<Duration> schedule) {
        this.schedule = List.copyOf(schedule);
        for (Duration d : schedule) {
            topicsByDelay.put(d.toMillis(), retryPrefix + "." + Durations.format(d));
        }
        long longest = topicsByDelay.isEmpty() ? 0 : topicsByDelay.lastKey();
        for (Duration d : BETWEEN_STEPS) {
            if (d.toMillis() < longest) topicsByDelay.putIfAbsent(d.toMillis(), retryPrefix + "." + Durations.format(d));
        }
    }

    public List<String> topics() {
        return new ArrayList<>(topicsByDelay.values());
    }

    public boolean isTier(String topic) {
        return topicsByDelay.containsValue(topic);
    }

    /** The first tier: where replays go, due at once. Null when the schedule is empty. */
    public String first() {
        return topicsByDelay.isEmpty() ? null : topicsByDelay.firstEntry().getValue();
    }

    /** The delay before the next attempt after {@code attemptsMade} failed ones, or null when none is left. */
    public Duration delayAfter(int attemptsMade) {
        return attemptsMade >= 1 && attemptsMade <= schedule.size() ? schedule.get(attemptsMade - 1) : null;
    }

    /**
     * The longest wait a receiver's {@code Retry-After} can ask for: the longest delay of the schedule, at
     * least a minute. A longer wait would hold back the rest of its tier's partition.
     */
    public long retryAfterCapMillis() {
        return Math.max(MIN_RETRY_AFTER_CAP_MS, topicsByDelay.isEmpty() ? 0 : topicsByDelay.lastKey());
    }

    /**
     * When the next attempt is due: the scheduled delay plus jitter, or the receiver's {@code Retry-After}
     * when that is longer (capped by {@link #retryAfterCapMillis()}).
     */
    public long dueAt(long nowMillis, Duration delay, Long retryAfterMillis) {
        long wait = delay.toMillis() + (long) (delay.toMillis() * JITTER * ThreadLocalRandom.current().nextDouble());
        if (retryAfterMillis != null) wait = Math.max(wait, Math.min(retryAfterMillis, retryAfterCapMillis()));
        return nowMillis + wait;
    }

    /**
     * When a deferral until {@code untilMillis} is due: that time plus up to half the wait again. Everything an
     * open circuit or a pause defers is deferred until the same instant; without the spread it would come back
     * in one read, thousands at once, and fill the global memory guard (IsolationIT at full scale). Never
     * beyond the longest wait a tier holds.
     */
    public long spreadDueAt(long nowMillis, long untilMillis) {
        long wait = untilMillis - nowMillis;
        if (wait <= 1) return untilMillis;
        long spread = untilMillis + ThreadLocalRandom.current().nextLong(wait / 2 + 1);
        return Math.max(untilMillis, Math.min(spread, nowMillis + longestWaitMillis()));
    }

    /**
     * How long a record may wait on {@code tier}: its delay plus the jitter; on the last tier also the
     * longest {@code Retry-After} ({@link #retryAfterCapMillis()}). Every record is written to a tier that
     * reaches its wait ({@link #tierFor}), so no head of a tier waits longer than this, and the retry gate
     * caps any due time at it: a record cannot hold its partition for longer, whatever its header says.
     */
    public long reachMillis(String tier) {
        long reach = 0;
        for (Map.Entry<Long, String> e : topicsByDelay.entrySet()) {
            reach = e.getKey() + (long) (e.getKey() * JITTER);
            if (e.getValue().equals(tier)) {
                return e.getKey().equals(topicsByDelay.lastKey()) ? Math.max(reach, retryAfterCapMillis()) : reach;
            }
        }
        throw new IllegalArgumentException("not a retry tier: " + tier);
    }

    /**
     * The longest wait hookbridge chooses itself (a deferral): the last delay plus jitter. Only a receiver's
     * {@code Retry-After} may ask for more, up to {@link #retryAfterCapMillis()}.
     */
    public long longestWaitMillis() {
        return topicsByDelay.isEmpty() ? 0 : topicsByDelay.lastKey() + (long) (topicsByDelay.lastKey() * JITTER);
    }

    /**
     * The tier for a wait: the shortest one that reaches it (its delay plus jitter is at least the wait), or
     * the last one. A record then never waits longer than the records written to its tier around it do, so a
     * head that is not due yet holds back the records behind it by at most the tier's jitter; a shorter wait
     * on a longer tier is served late rather than holding others back (Retry-After, a deferral).
     */
    public String tierFor(long waitMillis) {
        for (Map.Entry<Long, String> e : topicsByDelay.entrySet()) {
            if (e.getKey() + (long) (e.getKey() * JITTER) >= waitMillis) return e.getValue();
        }
        return topicsByDelay.lastEntry().getValue();
    }
}
