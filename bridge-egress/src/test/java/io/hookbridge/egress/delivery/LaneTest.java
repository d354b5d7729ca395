package io.hookbridge.egress.delivery;

import io.hookbridge.egress.events.Event;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lane holds a burst while its subscription keeps up, sheds to Kafka what exceeds its bound once it falls
 * behind, and spaces the deferrals at the rate it delivers. Time is passed in: no clock, no sleep.
 */
class LaneTest {

    private static final long T0 = 1_000_000;
    /** An egress that keeps up: no dispatcher's timer ever ran late. */
    private static final LoopLag CALM = new LoopLag();
    // 4 in flight, at most 100 waiting once behind, behind after 2 s, 10 s timeout: at least 0.4 attempts/s
    private final Lane lane = new Lane(4, 100, 2_000, 10_000, CALM);

    private static Work work(int n) {
        return Work.fresh(new Event("d-" + n, "t", new byte[0], List.of(), List.of(Map.entry("ce-id", "d-" + n))), "sub", () -> { });
    }

    /** Offers {@code items} new works to {@code lane} at {@code now}. */
    private static void fill(Lane lane, int items, long now) {
        for (int i = 0; i < items; i++) {
            lane.offer(work(i), now);
        }
    }

    /** Takes {@code attempts} works out of {@code lane} and starts them at {@code now}. */
    private static void send(Lane lane, int attempts, long now) {
        for (int i = 0; i < attempts; i++) {
            lane.next();
            lane.started(now);
        }
    }

    private List<Work> offer(int from, int to, long now) {
        List<Work> shed = new ArrayList<>();
        for (int i = from; i < to; i++) {
            shed.addAll(lane.offer(work(i), now));
        }
        return shed;
    }

    @Test
    void aLaneThatKeepsUpHoldsABurstOfAnySize() {
        assertThat(offer(0, 5_000, T0)).isEmpty();
        assertThat(lane.waitingCount()).isEqualTo(5_000);
        assertThat(lane.shed(T0 + 2_000)).as("not behind yet: the head waited exactly maxQueueDelay").isEmpty();
    }

    @Test
    void aLaneThatFellBehindShedsTheNewestWorkBeyondWhatItSendsInMaxQueueDelay() {
        offer(0, 500, T0);
        send(lane, 4, T0);
        // Nothing finished for 3 s: the lane cannot tell its rate yet, so it keeps at most maxQueued.
        List<Work> shed = lane.shed(T0 + 3_000);
        assertThat(shed).hasSize(396);
        assertThat(shed.get(0).event().id()).isEqualTo("d-499");
        // Still nothing after a whole timeout: the floor rate (4 per 10 s), which bounds the lane to one item.
        assertThat(lane.shed(T0 + 10_000)).hasSize(99);
        assertThat(lane.waitingCount()).isEqualTo(1);
        assertThat(lane.next()).as("every slot is taken").isNull();
        // New work for a lane still behind is the newest beyond its bound: deferred too.
        assertThat(lane.offer(work(500), T0 + 10_001)).extracting(w -> w.event().id()).containsExactly("d-500");
    }

    @Test
    void aBehindLaneKeepsAtMostMaxQueuedHoweverFastItIs() {
        Lane fast = new Lane(4, 100, 2_000, 10_000, CALM);
        // 1,000 attempts finished a second: it would send 2,000 in maxQueueDelay, but keeps at most 100.
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < 1_000; i++) {
                fast.started(T0);
                fast.finished(T0 + s * 1_000L + i);
            }
        }
        fill(fast, 5_000, T0 + 3_000);
        assertThat(fast.shed(T0 + 5_500)).hasSize(4_900);
        assertThat(fast.waitingCount()).isEqualTo(100);
    }

    @Test
    void deferralsComeBackSpacedAtTheMeasuredRateAfterWhatIsQueued() {
        // 10 attempts a second for a few seconds
        for (int s = 0; s < 5; s++) {
            for (int i = 0; i < 10; i++) {
                lane.started(T0);
                lane.finished(T0 + s * 1_000L + i * 100L);
            }
        }
        long now = T0 + 5_000;
        assertThat(lane.rate(now)).isBetween(8.0, 12.0);
        long first = lane.nextDeferral(now, 3_600_000);
        long second = lane.nextDeferral(now, 3_600_000);
        long third = lane.nextDeferral(now, 3_600_000);
        assertThat(first).isGreaterThan(now);
        assertThat(second - first).isEqualTo(third - second).isBetween(80L, 130L);
        // never further ahead than the tiers reach
        for (int i = 0; i < 100_000; i++) {
            assertThat(lane.nextDeferral(now, 60_000)).isLessThanOrEqualTo(now + 60_000);
        }
    }

    @Test
    void aLaneThatCaughtUpTakesNewWorkAndItsBacklogAlike() {
        offer(0, 10, T0);
        send(lane, 4, T0);
        assertThat(lane.shed(T0 + 10_000)).hasSize(5);
        lane.nextDeferral(T0 + 10_000, 3_600_000);
        lane.finished(T0 + 10_000);
        lane.next();
        lane.started(T0 + 10_000);
        // Nothing waits any more: a deferral still out does not make new work wait in Kafka too.
        assertThat(lane.offer(work(100), T0 + 10_001)).as("new work").isEmpty();
        assertThat(lane.offer(work(101), T0 + 10_001)).as("the backlog's own work, read back").isEmpty();
        assertThat(lane.waitingCount()).isEqualTo(2);
    }

    @Test
    void aFastLaneWorkingThroughABurstIsNotBehindThoughItsHeadIsOld() {
        Lane fast = new Lane(32, 4_000, 2_000, 15_000, CALM);
        // 3,000 waiting; the host is slow, so the head is 2.5 s old before the lane gets going.
        fill(fast, 3_000, T0);
        // Then it sends 2,000 attempts a second: what waits drains in about 1.5 s, within maxQueueDelay.
        long now = T0 + 1_500;
        fast.rate(T0 + 500);
        for (int i = 0; i < 2_000; i++) {
            fast.next();
            fast.started(T0 + 500);
            fast.finished(T0 + 500 + i / 2);
        }
        assertThat(fast.rate(now)).isGreaterThan(1_500.0);
        assertThat(fast.behind(T0 + 2_500)).isFalse();
        assertThat(fast.shed(T0 + 2_500)).as("a fast lane sheds nothing").isEmpty();
        // The same backlog at a rate of 100 a second would take 30 s: behind, and it sheds down to its bound.
        Lane slow = new Lane(32, 4_000, 2_000, 15_000, CALM);
        fill(slow, 3_000, T0);
        slow.rate(T0 + 500);
        for (int i = 0; i < 100; i++) {
            slow.next();
            slow.started(T0 + 500);
            slow.finished(T0 + 500 + i * 10);
        }
        assertThat(slow.behind(T0 + 2_500)).isTrue();
        assertThat(slow.shed(T0 + 2_500)).hasSizeGreaterThan(2_500);
    }

    @Test
    void aNewLaneOnASlowHostIsNotJudgedByTheFloorBeforeItsFirstAttemptsFinish() {
        Lane fresh = new Lane(32, 4_000, 5_000, 15_000, CALM);
        // A restart's catch-up: 1,100 waiting, and the host so busy that nothing finishes for 6 s.
        fill(fresh, 1_100, T0);
        send(fresh, 32, T0);
        assertThat(fresh.shed(T0 + 6_000)).as("its rate unknown, it keeps up to maxQueued").isEmpty();
        // Then it sends 200 a second: a quarter of a second tells it so.
        for (int i = 0; i < 60; i++) {
            fresh.finished(T0 + 6_000 + i * 5L);
            fresh.next();
            fresh.started(T0 + 6_000 + i * 5L);
        }
        assertThat(fresh.rate(T0 + 6_300)).isBetween(150.0, 250.0);
        // What waits takes just over 5 s at that rate: the little it sheds comes back within seconds, not at
        // the floor's pace (32 per 15 s, which would have put a thousand deliveries 8 minutes out).
        List<Work> shed = fresh.shed(T0 + 6_300);
        assertThat(shed).hasSizeBetween(1, 50);
        long due = 0;
        for (int i = 0; i < shed.size(); i++) {
            due = fresh.nextDeferral(T0 + 6_300, 3_600_000);
        }
        assertThat(due - (T0 + 6_300)).isBetween(5_000L, 8_000L);
    }

    @Test
    void aLaneWhoseFirstAttemptsNeverFinishFallsToTheFloorAfterOneTimeout() {
        Lane dead = new Lane(32, 4_000, 5_000, 15_000, CALM);
        fill(dead, 5_000, T0);
        send(dead, 32, T0);
        // Before one timeout has passed: at most maxQueued waits ...
        assertThat(dead.shed(T0 + 6_000)).hasSize(5_000 - 32 - 4_000);
        // ... and what it sheds comes back after about maxQueueDelay, to be judged again.
        assertThat(dead.nextDeferral(T0 + 6_000, 3_600_000) - (T0 + 6_000)).isBetween(5_000L, 6_000L);
        // A whole timeout without an answer: the floor (32 per 15 s), which keeps what it sends in 5 s.
        assertThat(dead.shed(T0 + 15_000)).hasSize(4_000 - 10);
    }

    @Test
    void whileTheEgressIsSaturatedALaneIsNotJudgedByTheRateItShows() {
        LoopLag lag = new LoopLag();
        Lane lane = new Lane(32, 4_000, 5_000, 15_000, lag);
        // A restart's catch-up: 3,000 waiting, and the egress so busy that the lane sent 50 in its first second.
        fill(lane, 3_000, T0);
        for (int i = 0; i < 50; i++) {
            lane.next();
            lane.started(T0 + i * 20L);
            lane.finished(T0 + i * 20L);
        }
        lag.ran(T0 + 5_750, T0 + 6_000); // a dispatcher's 250 ms timer ran 250 ms late
        assertThat(lag.saturated(T0 + 6_000)).isTrue();
        assertThat(lane.shed(T0 + 6_000)).as("at 50 a second it would be behind; the egress is what is slow").isEmpty();
        assertThat(lane.nextDeferral(T0 + 6_000, 3_600_000) - (T0 + 6_000))
                .as("what it defers comes back at the unknown rate's pace, not 60 s out").isLessThan(5_000L);
        // Two seconds without a late timer: the lane is judged by its rate again, and at 50 a second it is behind.
        assertThat(lag.saturated(T0 + 8_000)).isFalse();
        assertThat(lane.shed(T0 + 8_000)).hasSizeGreaterThan(2_000);
    }

    @Test
    void aTimerRunningUpToLateMsLateIsNotSaturation() {
        LoopLag lag = new LoopLag();
        lag.ran(T0, T0 + LoopLag.LATE_MS);
        assertThat(lag.saturated(T0 + LoopLag.LATE_MS)).isFalse();
        lag.ran(T0, T0 + LoopLag.LATE_MS + 1);
        assertThat(lag.saturated(T0 + LoopLag.LATE_MS + 1 + LoopLag.HOLD_MS - 1)).isTrue();
        assertThat(lag.saturated(T0 + LoopLag.LATE_MS + 1 + LoopLag.HOLD_MS)).isFalse();
    }

    @Test
    void aLaneThatKeepsSheddingSaysSoOnceEveryTenSeconds() {
        assertThat(lane.report(T0)).isTrue();
        assertThat(lane.report(T0 + Lane.REPORT_EVERY_MS - 1)).isFalse();
        assertThat(lane.report(T0 + Lane.REPORT_EVERY_MS)).isTrue();
        fill(lane, 3, T0);
        assertThat(lane.describe(T0 + 1_500)).isEqualTo("3 waiting, the oldest for 1500 ms, 0 in flight, 50/s (not measured yet)");
    }
}
