package io.hookbridge.egress.normalize;

import io.hookbridge.common.config.ConfigLoader;
import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.record.InboundWebhook;
import io.hookbridge.testing.KafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/** Writes inbound records as the ingress does, and tells when stage 1 has committed all of them. */
public final class InboundFixture implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(withLinger(KafkaBroker.producerProps()),
            new ByteArraySerializer(), new ByteArraySerializer());

    private static Map<String, Object> withLinger(Map<String, Object> props) {
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return props;
    }

    /** A config on the shared broker with the topics of {@code prefix}, its own application id and state dir. */
    public static HookbridgeConfig config(String prefix, String egressExtra) {
        try {
            return ConfigLoader.parse("""
                    kafka: { bootstrapServers: "%s" }
                    topics: { inbound: %s.inbound, events: %s.events, deadLetters: %s.dead-letters }
                    egress: { adminToken: t, applicationId: %s-egress, stateDir: "%s" %s }
                    """.formatted(KafkaBroker.bootstrapServers(), prefix, prefix, prefix, prefix,
                    Files.createTempDirectory("normalize-state"), egressExtra.isEmpty() ? "" : ", " + egressExtra), Map.of());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same config with a fresh, empty state dir: an instance that must restore from the changelog. */
    static HookbridgeConfig withFreshStateDir(HookbridgeConfig config) {
        try {
            var e = config.egress();
            return new HookbridgeConfig(config.kafka(), config.topics(), config.ingress(),
                    new io.hookbridge.common.config.EgressConfig(e.port(), e.adminToken(), e.dedupWindow(), e.applicationId(),
                            Files.createTempDirectory("normalize-state"), e.delivery(), e.routes(), e.numStreamThreads(),
                            e.attempts(), e.replay(), e.secretsKey(), e.previousSecretsKeys()));
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    public static InboundWebhook webhook(String id, String source, String type, long receivedAt) {
        return new InboundWebhook(id, source, type, receivedAt, "application/json",
                new LinkedHashMap<>(Map.of("x-github-delivery", id)), ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    public Future<RecordMetadata> send(String topic, InboundWebhook webhook) {
        return producer.send(webhook.toRecord(topic));
    }

    /** With an explicit record timestamp: the dedup window is measured on these. */
    public Future<RecordMetadata> send(String topic, InboundWebhook webhook, long timestamp) {
        ProducerRecord<byte[], byte[]> r = webhook.toRecord(topic);
        return producer.send(new ProducerRecord<>(topic, null, timestamp, r.key(), r.value(), r.headers()));
    }

    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        return producer.send(record);
    }

    public void flush() {
        producer.flush();
    }

    /**
     * Waits until the application's committed offsets on {@code topic} reach the end of every partition:
     * then everything written so far is processed, and its outputs committed.
     */
    public static void awaitCommitted(String applicationId, String topic, Duration timeout) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()))) {
            await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
                var partitions = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                        .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                        partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                return partitions.stream().allMatch(p -> {
                    long end = ends.get(p).offset();
                    OffsetAndMetadata c = committed.get(p);
                    return end == 0 || (c != null && c.offset() >= end);
                });
            });
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
