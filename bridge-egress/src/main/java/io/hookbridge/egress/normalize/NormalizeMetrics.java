package io.hookbridge.egress.normalize;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage 1's meters: {@code hookbridge_egress_events_total{outcome="forwarded|duplicate|dead-lettered"}},
 * {@code hookbridge_egress_routed_total{topic}}, and the size of the dedup state
 * ({@code hookbridge_egress_dedupe_ids}, RocksDB's estimate of its keys, and
 * {@code hookbridge_egress_dedupe_disk_bytes}), plus Kafka Streams' own metrics.
 * Counters are cumulative across restarts of the service in one process; gauges follow the running one.
 */
final class NormalizeMetrics implements AutoCloseable {

    static final String EVENTS = "hookbridge.egress.events";
    static final String ROUTED = "hookbridge.egress.routed";
    static final String DEDUP_IDS = "hookbridge.egress.dedupe.ids";
    static final String DEDUP_DISK = "hookbridge.egress.dedupe.disk";

    private final MeterRegistry registry;
    private final Counter forwarded;
    private final Counter duplicate;
    private final Counter deadLettered;
    private final Map<String, Counter> routed = new HashMap<>();
    private final List<Meter> bound = new ArrayList<>();
    private KafkaStreamsMetrics streamsMetrics;

    NormalizeMetrics(MeterRegistry registry, List<String> routeTopics) {
        this.registry = registry;
        this.forwarded = events("forwarded");
        this.duplicate = events("duplicate");
        this.deadLettered = events("dead-lettered");
        for (String topic : routeTopics) {
            routed.put(topic, Counter.builder(ROUTED).tag("topic", topic)
                    .description("Events copied to a route's topic").register(registry));
        }
    }

    private Counter events(String outcome) {
        return Counter.builder(EVENTS).tag("outcome", outcome)
                .description("Inbound records by what stage 1 did with them").register(registry);
    }

    void forwarded() {
        forwarded.increment();
    }

    void duplicate() {
        duplicate.increment();
    }

    void deadLettered() {
        deadLettered.increment();
    }

    void routed(String topic) {
        routed.get(topic).increment();
    }

    /** Gauges on a running Kafka Streams instance's store metrics; {@link #close()} unbinds them. */
    void bind(KafkaStreams streams) {
        bound.add(Gauge.builder(DEDUP_IDS, streams, s -> storeMetric(s, "estimate-num-keys"))
                .description("Delivery ids in the dedup window (RocksDB's estimate, summed over this instance's partitions)")
                .register(registry));
        bound.add(Gauge.builder(DEDUP_DISK, streams, s -> storeMetric(s, "total-sst-files-size"))
                .baseUnit("bytes")
                .description("On-disk size of the dedup store's files on this instance")
                .register(registry));
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
    }

    /** Sum over tasks (and the store's time segments) of one RocksDB metric of the dedup store. */
    private static double storeMetric(KafkaStreams streams, String name) {
        double sum = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName m = e.getKey();
            if (m.name().equals(name) && isDedupStore(m.tags()) && e.getValue().metricValue() instanceof Number n) {
                sum += n.doubleValue();
            }
        }
        return sum;
    }

    private static boolean isDedupStore(Map<String, String> tags) {
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (tag.getKey().endsWith("-state-id") && tag.getValue().equals(DeliveryIdWindow.STORE)) return true;
        }
        return false;
    }

    @Override
    public void close() {
        bound.forEach(registry::remove);
        bound.clear();
        if (streamsMetrics != null) {
            streamsMetrics.close();
            streamsMetrics = null;
        }
    }
}
