package io.hookbridge.egress.health;

import io.hookbridge.egress.subscription.RateLimit;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The limiter on a fake clock: a burst, then the rate; deferrals spread at the rate; a share of it. */
class RateLimiterTest {

    @Test
    void aBurstGoesAtOnceThenOneSlotPerInterval() {
        RateLimiter limiter = new RateLimiter(new RateLimit(10, 5), 1.0);
        long t = 1_000_000;
        for (int i = 0; i < 5; i++) assertThat(limiter.admit(t)).as("burst #" + i).isZero();
        long deferred = limiter.admit(t);
        assertThat(deferred).isEqualTo(t + 100);
        assertThat(limiter.admit(t + 100)).isZero();
        assertThat(limiter.admit(t + 100)).isPositive();
    }

    @Test
    void overAnyWindowNoMoreThanTheRateTimesTheWindowPlusTheBurstGo() {
        RateLimiter limiter = new RateLimiter(new RateLimit(20, 10), 1.0);
        List<Long> admitted = new ArrayList<>();
        for (long t = 0; t < 10_000; t += 7) { // offered 143/s for 10 s
            if (limiter.admit(1_000_000 + t) == 0) admitted.add(t);
        }
        assertThat(admitted.size()).isBetween(200, 212);
        for (long start = 0; start < 9_000; start += 50) {
            long from = start;
            long count = admitted.stream().filter(a -> a >= from && a < from + 1000).count();
            assertThat(count).as("in [%d, %d)", from, from + 1000).isLessThanOrEqualTo(20 + 10);
        }
    }

    @Test
    void deferralsAreSpreadAtTheRateNotAllAtTheSameMoment() {
        RateLimiter limiter = new RateLimiter(new RateLimit(10, 1), 1.0);
        long t = 1_000_000;
        assertThat(limiter.admit(t)).isZero();
        List<Long> until = new ArrayList<>();
        for (int i = 0; i < 5; i++) until.add(limiter.admit(t));
        assertThat(until).containsExactly(t + 100, t + 200, t + 300, t + 400, t + 500);
    }

    @Test
    void anInstanceAllowsItsShareOfTheRateAndOfTheBurst() {
        RateLimiter limiter = new RateLimiter(new RateLimit(10, 4), 0.5);
        long t = 1_000_000;
        assertThat(limiter.admit(t)).isZero();
        assertThat(limiter.admit(t)).isZero();
        assertThat(limiter.admit(t)).as("half the burst").isEqualTo(t + 200);
        limiter.configure(new RateLimit(10, 4), 1.0);
        assertThat(limiter.admit(t + 200)).isZero();
    }
}
