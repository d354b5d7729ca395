package io.hookbridge.common.config;

import java.time.Duration;

/**
 * A subscription's circuit breaker: after {@code failures} failed attempts in a row it stops attempting for
 * {@code coolDown}, doubled each time a probe fails again, up to {@code maxCoolDown}.
 */
public record CircuitBreakerConfig(Integer failures, Duration coolDown, Duration maxCoolDown) {

    public CircuitBreakerConfig {
        failures = failures != null ? failures : 5;
        coolDown = coolDown != null ? coolDown : Duration.ofSeconds(30);
        maxCoolDown = maxCoolDown != null ? maxCoolDown : Duration.ofHours(1);
    }
}
