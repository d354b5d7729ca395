package io.hookbridge.egress.retry;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RetryTiersTest {

    private final RetryTiers tiers = new RetryTiers("hb.retry", List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofHours(10), Duration.ofHours(10)));

    @Test
    void oneTopicPerDistinctDelayAndTwoBetweenTheStepsForDeferrals() {
        assertThat(tiers.topics()).containsExactly("hb.retry.5s", "hb.retry.15s", "hb.retry.1m", "hb.retry.5m", "hb.retry.10h");
        assertThat(new RetryTiers("t", List.of(Duration.ofMillis(200), Duration.ofMillis(400))).topics())
                .as("none beyond a short schedule's longest delay").containsExactly("t.200ms", "t.400ms");
        assertThat(tiers.first()).isEqualTo("hb.retry.5s");
        assertThat(tiers.isTier("hb.retry.5m")).isTrue();
        assertThat(tiers.isTier("hb.events")).isFalse();
    }

    @Test
    void theScheduleSaysTheNextDelayUntilItRunsOut() {
        assertThat(tiers.delayAfter(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(tiers.delayAfter(4)).isEqualTo(Duration.ofHours(10));
        assertThat(tiers.delayAfter(5)).isNull();
    }

    @Test
    void dueTimesCarryJitterAndHonourRetryAfter() {
        for (int i = 0; i < 100; i++) {
            long wait = tiers.dueAt(0, Duration.ofSeconds(5), null);
            assertThat(wait).isBetween(5_000L, 6_000L);
        }
        assertThat(tiers.dueAt(0, Duration.ofSeconds(5), 120_000L)).isEqualTo(120_000L);
        assertThat(tiers.dueAt(0, Duration.ofSeconds(5), 100L * 3600_000)).isEqualTo(10L * 3600_000);
    }

    @Test
    void aWaitGoesToTheShortestTierThatReachesIt() {
        assertThat(tiers.tierFor(100)).isEqualTo("hb.retry.5s");
        assertThat(tiers.tierFor(6_000)).isEqualTo("hb.retry.5s");
        assertThat(tiers.tierFor(6_001)).as("a deferral of 7 s waits behind others of at most 18 s").isEqualTo("hb.retry.15s");
        assertThat(tiers.tierFor(18_001)).isEqualTo("hb.retry.1m");
        assertThat(tiers.tierFor(72_001)).isEqualTo("hb.retry.5m");
        assertThat(tiers.tierFor(7L * 3600_000)).isEqualTo("hb.retry.10h");
        assertThat(tiers.tierFor(100L * 3600_000)).isEqualTo("hb.retry.10h");
    }

    @Test
    void aTierReachesItsDelayPlusJitterAndTheLastOneTheRetryAfterCap() {
        assertThat(tiers.reachMillis("hb.retry.5s")).isEqualTo(6_000);
        assertThat(tiers.reachMillis("hb.retry.5m")).isEqualTo(360_000);
        assertThat(tiers.reachMillis("hb.retry.10h")).isEqualTo(12L * 3600_000);
        assertThat(tiers.longestWaitMillis()).isEqualTo(12L * 3600_000);
        RetryTiers shortOnes = new RetryTiers("t", List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)));
        assertThat(shortOnes.reachMillis("t.2s")).isEqualTo(60_000); // a Retry-After up to a minute
        assertThat(shortOnes.longestWaitMillis()).as("what a deferral may wait").isEqualTo(2_400);
        // every wait the schedule itself makes lands on the tier of its delay
        for (int i = 0; i < 100; i++) {
            assertThat(tiers.tierFor(tiers.dueAt(0, Duration.ofMinutes(5), null))).isEqualTo("hb.retry.5m");
        }
    }

    @Test
    void aGateDeferralIsSpreadOverHalfItsWaitAgainWithinTheLongestTier() {
        long now = 1_000_000;
        long earliest = Long.MAX_VALUE;
        long latest = 0;
        for (int i = 0; i < 1_000; i++) {
            long due = tiers.spreadDueAt(now, now + 30_000);
            earliest = Math.min(earliest, due);
            latest = Math.max(latest, due);
        }
        assertThat(earliest).isBetween(now + 30_000, now + 33_000);
        assertThat(latest).isBetween(now + 42_000, now + 45_000);
        assertThat(tiers.spreadDueAt(now, now + 1)).as("nothing to spread").isEqualTo(now + 1);
        long longest = tiers.longestWaitMillis();
        assertThat(tiers.spreadDueAt(now, now + longest)).as("never beyond the longest tier").isEqualTo(now + longest);
    }
}
