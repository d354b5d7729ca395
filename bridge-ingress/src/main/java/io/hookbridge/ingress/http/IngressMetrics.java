package io.hookbridge.ingress.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/** {@code hookbridge_ingress_requests_total{source,outcome}} and {@code hookbridge_ingress_ack_seconds}. */
public final class IngressMetrics {

    private final MeterRegistry registry;
    /** source -> outcome -> counter: two lookups, no key built per request. */
    private final ConcurrentMap<String, ConcurrentMap<String, Counter>> requests = new ConcurrentHashMap<>();
    private final Timer ack;

    public IngressMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.ack = Timer.builder("hookbridge.ingress.ack")
                .description("Time from a verified request to Kafka's acknowledgement")
                .publishPercentileHistogram()
                .register(registry);
    }

    /**
     * @param outcome accepted, answered (a question such as Slack's url_verification, nothing stored), or the
     *                problem slug of a refusal (invalid-signature, kafka-unavailable, ...)
     */
    public void request(String source, String outcome) {
        requests.computeIfAbsent(source, s -> new ConcurrentHashMap<>()).computeIfAbsent(outcome, o -> Counter.builder("hookbridge.ingress.requests")
                .description("Webhook requests by source and outcome")
                .tag("source", source)
                .tag("outcome", outcome)
                .register(registry)).increment();
    }

    public void ack(long nanos) {
        ack.record(nanos, TimeUnit.NANOSECONDS);
    }
}
