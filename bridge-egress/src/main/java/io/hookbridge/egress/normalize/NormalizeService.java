package io.hookbridge.egress.normalize;

import io.hookbridge.common.config.HookbridgeConfig;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Properties;

/**
 * Runs stage 1 (dedup + normalize) with exactly-once processing; its state lives in Kafka (the store's
 * changelog, the committed offsets) and on local disk (RocksDB), never in the heap.
 */
public final class NormalizeService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NormalizeService.class);

    private final Routes routes;
    private final NormalizeMetrics metrics;
    private final KafkaStreams streams;

    /** @param registry where stage 1's meters and Kafka Streams' own go */
    public NormalizeService(HookbridgeConfig config, MeterRegistry registry) {
        this.routes = Routes.of(config.egress().routes());
        this.metrics = new NormalizeMetrics(registry, routes.targets().stream().map(Routes.Target::topic).toList());
        Properties properties = properties(config);
        this.streams = new KafkaStreams(NormalizeTopology.build(config, properties, routes, metrics), properties);
        streams.setStateListener((now, before) -> LOG.info("normalize {} -> {}", before, now));
    }

    /**
     * What we set for Kafka Streams: {@code kafka.streams} from the config, then the guarantees that are
     * not negotiable (exactly_once_v2, the application id, the state dir), then defaults tuned for
     * throughput that {@code kafka.streams} may override.
     */
    static Properties properties(HookbridgeConfig config) {
        Properties props = new Properties();
        props.putAll(config.kafka().streams());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.egress().applicationId());
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.egress().stateDir().toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.egress().numStreamThreads());
        // A transaction per 100 ms: read_committed consumers see events within ~0.1 s, and the commit cost
        // is shared by a few thousand records under load.
        props.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.putIfAbsent(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, RecordTimestamps.class);
        props.putIfAbsent(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfig.class);
        props.putIfAbsent("processing.exception.handler.global.enabled", true);
        // Kafka Streams 4.3 also reads it from the main consumer's configs (its partition assignor builds a
        // StreamsConfig from them) and logs a WARN at every start when it is missing there.
        props.putIfAbsent(StreamsConfig.mainConsumerPrefix("processing.exception.handler.global.enabled"), true);
        props.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // Events and changelog records are small: bigger batches mean fewer requests per transaction.
        props.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 64 * 1024);
        return props;
    }

    /** Starts processing; the topics are the egress's topic plan's, created before. */
    public void start() {
        metrics.bind(streams);
        streams.start();
    }

    public boolean isRunning() {
        return streams.state().isRunningOrRebalancing();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /**
     * Commits the open transaction and leaves the consumer group, so the partitions move to another
     * instance (or to this one when it comes back) at once instead of after the session timeout.
     */
    @Override
    public void close() {
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        metrics.close();
    }
}
