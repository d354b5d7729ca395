package io.hookbridge.common.config;

import java.time.Duration;
import java.util.List;

/**
 * Outbound delivery to subscribers.
 *
 * @param timeout                    one attempt's limit, connect to last byte
 * @param maxInFlightPerSubscription attempts under way at once for one subscription
 * @param retrySchedule              the delay before each retry; after the last one, a dead letter
 * @param allowPrivateTargets        deliver to loopback/private/link-local addresses (tests, the demo)
 * @param privateTargets             CIDRs or host names of internal services allowed despite the guard
 * @param rotationOverlap            how long an old secret keeps signing beside a rotated one
 * @param circuitBreaker             when a subscription's circuit opens and for how long
 * @param disableAfter               a subscription failing without a single success this long is disabled
 * @param pauseRecheck               how long work of a paused subscription is deferred before it is looked at again
 * @param maxQueuedPerSubscription   work items one subscription may hold waiting for a slot once it falls
 *                                   behind; what exceeds it is deferred to the retry tiers
 * @param maxQueueDelay              a subscription is behind when its oldest waiting item waited this long;
 *                                   a lane that is behind keeps at most what it sends in this time
 * @param maxOutstanding             work items the whole process holds before it pauses consuming (memory guard)
 * @param maxOutstandingBytes        bytes of event bodies held by those items before it pauses consuming
 */
public record DeliveryConfig(Duration timeout,
                             Integer maxInFlightPerSubscription,
                             List<Duration> retrySchedule,
                             Boolean allowPrivateTargets,
                             List<String> privateTargets,
                             Duration rotationOverlap,
                             CircuitBreakerConfig circuitBreaker,
                             Duration disableAfter,
                             Duration pauseRecheck,
                             Integer maxQueuedPerSubscription,
                             Duration maxQueueDelay,
                             Integer maxOutstanding,
                             Long maxOutstandingBytes) {

    public DeliveryConfig {
        timeout = timeout != null ? timeout : Duration.ofSeconds(15);
        maxInFlightPerSubscription = maxInFlightPerSubscription != null ? maxInFlightPerSubscription : 32;
        retrySchedule = retrySchedule != null ? List.copyOf(retrySchedule) : List.of(
                Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2),
                Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));
        allowPrivateTargets = allowPrivateTargets != null && allowPrivateTargets;
        privateTargets = privateTargets == null ? List.of() : List.copyOf(privateTargets);
        rotationOverlap = rotationOverlap != null ? rotationOverlap : Duration.ofHours(24);
        circuitBreaker = circuitBreaker != null ? circuitBreaker : new CircuitBreakerConfig(null, null, null);
        disableAfter = disableAfter != null ? disableAfter : Duration.ofDays(5);
        pauseRecheck = pauseRecheck != null ? pauseRecheck : Duration.ofSeconds(30);
        maxQueuedPerSubscription = maxQueuedPerSubscription != null ? maxQueuedPerSubscription : 4000;
        maxQueueDelay = maxQueueDelay != null ? maxQueueDelay : Duration.ofSeconds(5);
        maxOutstanding = maxOutstanding != null ? maxOutstanding : 10_000;
        maxOutstandingBytes = maxOutstandingBytes != null ? maxOutstandingBytes : 64L * 1024 * 1024;
    }
}
