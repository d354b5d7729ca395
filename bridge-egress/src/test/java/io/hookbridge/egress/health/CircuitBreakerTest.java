package io.hookbridge.egress.health;

import io.hookbridge.common.config.CircuitBreakerConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The breaker on a fake clock (epoch millis passed in): opens, defers, probes, closes, backs off. */
class CircuitBreakerTest {

    private final CircuitBreaker breaker = new CircuitBreaker(
            new CircuitBreakerConfig(3, Duration.ofSeconds(30), Duration.ofMinutes(2)));

    @Test
    void opensAfterTheThresholdOfFailuresInARowAndDefersUntilTheCoolDownEnds() {
        long t = 1_000_000;
        assertThat(breaker.onFailure(t)).isEqualTo(CircuitBreaker.Change.NONE);
        assertThat(breaker.onSuccess()).as("a success in between starts the count over").isEqualTo(CircuitBreaker.Change.NONE);
        breaker.onFailure(t);
        breaker.onFailure(t);
        assertThat(breaker.admit(t)).isZero();
        assertThat(breaker.onFailure(t)).isEqualTo(CircuitBreaker.Change.OPENED);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.admit(t + 1)).isEqualTo(t + 30_000);
        assertThat(breaker.admit(t + 29_999)).isEqualTo(t + 30_000);
        assertThat(breaker.onFailure(t + 10)).as("an attempt that was under way when it opened").isEqualTo(CircuitBreaker.Change.NONE);
    }

    @Test
    void letsOneProbeThroughWhenTheCoolDownEndsAndASuccessCloses() {
        long t = openAt(0);
        assertThat(breaker.admit(t + 30_000)).as("the probe").isZero();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.admit(t + 30_001)).as("others wait for the probe's answer").isEqualTo(t + 60_000);
        assertThat(breaker.onSuccess()).isEqualTo(CircuitBreaker.Change.CLOSED);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.consecutiveFailures()).isZero();
        assertThat(breaker.admit(t + 30_002)).isZero();
    }

    @Test
    void aFailedProbeOpensAgainForTwiceTheCoolDownUpToTheMaximum() {
        long t = openAt(0);
        assertThat(breaker.admit(t + 30_000)).isZero();
        assertThat(breaker.onFailure(t + 30_000)).isEqualTo(CircuitBreaker.Change.OPENED);
        assertThat(breaker.currentCoolDownMillis()).isEqualTo(60_000);
        assertThat(breaker.admit(t + 30_001)).isEqualTo(t + 90_000);
        assertThat(breaker.admit(t + 90_000)).isZero();
        assertThat(breaker.admit(t + 90_001)).as("others wait one first cool-down for the probe, not the grown one")
                .isEqualTo(t + 120_001);
        breaker.onFailure(t + 90_000);
        assertThat(breaker.currentCoolDownMillis()).isEqualTo(120_000);
        assertThat(breaker.admit(t + 210_000)).isZero();
        breaker.onFailure(t + 210_000);
        assertThat(breaker.currentCoolDownMillis()).as("capped at maxCoolDown").isEqualTo(120_000);
        assertThat(breaker.admit(t + 330_000)).isZero();
        breaker.onSuccess();
        openAt(t + 400_000);
        assertThat(breaker.currentCoolDownMillis()).as("a success starts the back-off over").isEqualTo(30_000);
    }

    @Test
    void aProbeWhoseAnswerNeverComesIsReplacedAfterACoolDown() {
        long t = openAt(0);
        assertThat(breaker.admit(t + 30_000)).isZero();
        assertThat(breaker.admit(t + 59_999)).isEqualTo(t + 60_000);
        assertThat(breaker.admit(t + 60_000)).as("a second probe").isZero();
    }

    private long openAt(long t) {
        for (int i = 0; i < 3; i++) breaker.onFailure(t);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        return t;
    }
}
