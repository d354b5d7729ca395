package io.hookbridge.egress.health;

import io.hookbridge.common.kafka.AsyncProducer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports each health change three ways: a log line, the counter
 * {@code hookbridge_subscription_health_changes_total{subscription,change}}, and a CloudEvent on
 * {@code topics.operations} for alerting. The event is best effort (tried once): the change itself already
 * happened, and the subscription table, not this topic, is what delivery follows.
 *
 * @param instance names this egress instance in the events (e.g. its pod name)
 */
public record OperationsLog(AsyncProducer producer, String topic, MeterRegistry registry, String instance) implements HealthChanges {

    private static final Logger LOG = LoggerFactory.getLogger(OperationsLog.class);

    @Override
    public void changed(HealthChange change) {
        LOG.info("subscription {}: {} {}", change.subscription(), change.kind().label(), change.detail().encode());
        Counter.builder("hookbridge.subscription.health.changes")
                .description("Changes of subscription health: circuit opened/closed, disabled, paused, resumed")
                .tag("subscription", change.subscription())
                .tag("change", change.kind().label())
                .register(registry).increment();
        producer.send(OperationsRecords.of(topic, change, instance)).onFailure(e ->
                LOG.warn("cannot write the {} change of subscription {} to {}: {}", change.kind().label(),
                        change.subscription(), topic, e.toString()));
    }
}
