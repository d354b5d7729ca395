package io.hookbridge.egress.normalize;

import io.hookbridge.common.config.HookbridgeConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;

import java.time.Duration;
import java.util.Properties;

/**
 * Stage 1 of the egress as a Kafka Streams topology:
 * {@code topics.inbound} -> {@link NormalizeProcessor} (with the {@link DeliveryIdWindow} store) ->
 * {@code topics.events}, {@code topics.deadLetters} and one sink per route topic.
 */
public final class NormalizeTopology {

    static final String SOURCE = "inbound";
    static final String PROCESSOR = "normalize";
    static final String EVENTS = "events";
    static final String DEAD_LETTERS = "dead-letters";

    private NormalizeTopology() {
    }

    static Topology build(HookbridgeConfig config, Properties streamsProperties, Routes routes, NormalizeMetrics metrics) {
        Duration window = config.egress().dedupWindow();
        ByteArraySerializer bytes = new ByteArraySerializer();
        Topology topology = new Topology(new TopologyConfig(new StreamsConfig(streamsProperties)));
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), config.topics().inbound());
        topology.addProcessor(PROCESSOR, () -> new NormalizeProcessor(window, routes, metrics), SOURCE);
        topology.addStateStore(DeliveryIdWindow.storeBuilder(window), PROCESSOR);
        topology.addSink(EVENTS, config.topics().events(), bytes, bytes, PROCESSOR);
        topology.addSink(DEAD_LETTERS, config.topics().deadLetters(), bytes, bytes, PROCESSOR);
        for (Routes.Target route : routes.targets()) {
            topology.addSink(route.sink(), route.topic(), bytes, bytes, PROCESSOR);
        }
        return topology;
    }
}
