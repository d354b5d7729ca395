package io.hookbridge.egress.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code hookbridge_delivery_attempts_total{subscription,outcome}}, {@code hookbridge_delivery_seconds}
 * (one attempt, request to response), {@code hookbridge_delivery_deferred_total{subscription,reason}} and
 * {@code hookbridge_dead_letters_total{subscription}}.
 */
public final class DeliveryMetrics {

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> attempts = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> deadLetters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> deferrals = new ConcurrentHashMap<>();
    private final Timer seconds;

    public DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.seconds = Timer.builder("hookbridge.delivery")
                .description("Time of one delivery attempt, from sending the request to its response or failure")
                .publishPercentileHistogram()
                .register(registry);
    }

    void attempt(String subscription, String outcome, long nanos) {
        attempts.computeIfAbsent(subscription + '\0' + outcome, k -> Counter.builder("hookbridge.delivery.attempts")
                .description("Delivery attempts by subscription and outcome")
                .tag("subscription", subscription)
                .tag("outcome", outcome)
                .register(registry)).increment();
        seconds.record(nanos, TimeUnit.NANOSECONDS);
    }

    void deferred(String subscription, String reason) {
        deferrals.computeIfAbsent(subscription + '\0' + reason, k -> Counter.builder("hookbridge.delivery.deferred")
                .description("Work deferred to a retry tier without an attempt, by subscription and reason")
                .tag("subscription", subscription)
                .tag("reason", reason)
                .register(registry)).increment();
    }

    void deadLetter(String subscription) {
        deadLetters.computeIfAbsent(subscription, k -> Counter.builder("hookbridge.dead.letters")
                .description("Deliveries written to the dead-letter topic, by subscription")
                .tag("subscription", subscription)
                .register(registry)).increment();
    }
}
