package io.hookbridge.ingress.http;

import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.metrics.Metrics;
import io.hookbridge.ingress.kafka.InboundSender;
import io.hookbridge.ingress.kafka.TopicLimit;
import io.hookbridge.ingress.verify.Verifier;

import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * What every {@link IngressVerticle} of a process shares: all of it is thread-safe (the producer, the
 * immutable verifiers, the meters), so one instance serves every event loop.
 *
 * @param ready true while the producer can reach Kafka
 */
public record IngressShared(HookbridgeConfig config,
                            Map<String, Verifier> verifiers,
                            InboundSender sender,
                            TopicLimit topicLimit,
                            Metrics metrics,
                            IngressMetrics ingressMetrics,
                            BooleanSupplier ready) {

    public IngressShared {
        verifiers = Map.copyOf(verifiers);
    }
}
