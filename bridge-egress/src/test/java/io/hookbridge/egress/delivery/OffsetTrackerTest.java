package io.hookbridge.egress.delivery;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OffsetTrackerTest {

    private final OffsetTracker tracker = new OffsetTracker();

    @Test
    void nothingSeenCommitsThePosition() {
        assertThat(tracker.committable(42)).isEqualTo(42);
    }

    @Test
    void commitsTheFirstPendingOffsetWhateverOrderTheyFinishIn() {
        tracker.seen(10);
        tracker.seen(11);
        tracker.seen(12);
        tracker.done(12);
        tracker.done(11);
        assertThat(tracker.committable(13)).isEqualTo(10);
        tracker.done(10);
        assertThat(tracker.committable(13)).isEqualTo(13);
        assertThat(tracker.pendingCount()).isZero();
    }

    @Test
    void gapsFromTransactionMarkersAreCoveredByThePosition() {
        // 13 is a commit marker: never returned by poll, so never seen; the position is past it.
        tracker.seen(12);
        tracker.seen(14);
        tracker.done(14);
        assertThat(tracker.committable(15)).isEqualTo(12);
        tracker.done(12);
        assertThat(tracker.committable(15)).isEqualTo(15);
    }

    @Test
    void aRewoundRecordIsNotPendingAndThePositionPointsAtIt() {
        // A retry record not due yet is rewound to (seek), so the position is that record itself.
        tracker.seen(5);
        tracker.done(5);
        assertThat(tracker.committable(6)).isEqualTo(6);
    }

    @Test
    void awaitIdleReturnsWhenTheLastIsDone() throws Exception {
        tracker.seen(1);
        Thread finisher = new Thread(() -> tracker.done(1));
        finisher.start();
        assertThat(tracker.awaitIdle(System.nanoTime() + 5_000_000_000L)).isTrue();
        tracker.seen(2);
        assertThat(tracker.awaitIdle(System.nanoTime() + 10_000_000L)).isFalse();
    }
}
