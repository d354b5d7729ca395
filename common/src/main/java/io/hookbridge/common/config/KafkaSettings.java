package io.hookbridge.common.config;

import java.util.Map;
import java.util.TreeMap;

/**
 * How to reach Kafka, and client properties passed through unchanged to the Kafka producer, consumer
 * and Kafka Streams (hookbridge's own guarantees, such as acks=all, are applied on top).
 */
public record KafkaSettings(String bootstrapServers,
                            Map<String, String> producer,
                            Map<String, String> consumer,
                            Map<String, String> streams) {

    public KafkaSettings {
        bootstrapServers = bootstrapServers == null ? "" : bootstrapServers.trim();
        producer = producer == null ? Map.of() : Map.copyOf(producer);
        consumer = consumer == null ? Map.of() : Map.copyOf(consumer);
        streams = streams == null ? Map.of() : Map.copyOf(streams);
    }

    public boolean hasBootstrapServers() {
        return !bootstrapServers.isEmpty();
    }

    public KafkaSettings withBootstrapServers(String servers) {
        return new KafkaSettings(servers, producer, consumer, streams);
    }

    @Override
    public String toString() {
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", producer=" + masked(producer)
                + ", consumer=" + masked(consumer) + ", streams=" + masked(streams) + "]";
    }

    /** Client properties may carry SASL/SSL credentials: hide every value whose key looks secret. */
    static Map<String, String> masked(Map<String, String> props) {
        Map<String, String> out = new TreeMap<>();
        props.forEach((k, v) -> out.put(k, k.matches("(?i).*(password|secret|jaas|token|key).*") ? "****" : v));
        return out;
    }
}
