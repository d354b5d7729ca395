package io.hookbridge.egress.normalize;

import io.hookbridge.common.config.HookbridgeConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

import java.time.Duration;
import java.util.Properties;

/** Runs the normalize topology with exactly-once processing; its state lives in Kafka and on local disk. */
public final class NormalizeService implements AutoCloseable {

    private final KafkaStreams streams;
    private KafkaStreamsMetrics metrics;

    public NormalizeService(HookbridgeConfig config) {
        this.streams = new KafkaStreams(NormalizeTopology.build(config), properties(config));
    }

    static Properties properties(HookbridgeConfig config) {
        Properties props = new Properties();
        props.putAll(config.kafka().streams());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.egress().applicationId());
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.egress().stateDir().toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.egress().numStreamThreads());
        props.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.putIfAbsent("processing.exception.handler.global.enabled", true);
        props.putIfAbsent(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        return props;
    }

    public void start() {
        streams.start();
    }

    /** Kafka Streams' own metrics and those of its consumers and producers, on the process registry. */
    public void bindMetrics(MeterRegistry registry) {
        metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(registry);
    }

    public boolean isRunning() {
        return streams.state().isRunningOrRebalancing();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
        if (metrics != null) metrics.close();
    }
}
