package io.hookbridge.egress.normalize;

import io.hookbridge.common.config.HookbridgeConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/** Stage 1 of the egress as a Kafka Streams topology: {@code topics.inbound} -> normalize -> {@code topics.events}. */
public final class NormalizeTopology {

    private NormalizeTopology() {
    }

    public static Topology build(HookbridgeConfig config) {
        String events = config.topics().events();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(config.topics().inbound(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .process(() -> new NormalizeProcessor(events))
                .to(events, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        return builder.build();
    }
}
