package io.hookbridge.common.kafka;

import io.hookbridge.common.config.KafkaSettings;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Kafka client properties: the operator's pass-through settings first, then what hookbridge's guarantees
 * need on top (acks=all and idempotence are not negotiable).
 */
public final class KafkaClients {

    private KafkaClients() {
    }

    public static Map<String, Object> producer(KafkaSettings kafka, String clientId) {
        return producer(kafka, clientId, Map.of());
    }

    /**
     * @param defaults the role's own settings for this producer (linger, batch size, timeouts): over
     *                 hookbridge's {@code linger.ms=0}, under the operator's {@code kafka.producer}
     */
    public static Map<String, Object> producer(KafkaSettings kafka, String clientId, Map<String, Object> defaults) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.putAll(defaults);
        props.putAll(kafka.producer());
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    public static Map<String, Object> consumer(KafkaSettings kafka, String groupId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.putAll(kafka.consumer());
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }

    public static Map<String, Object> admin(KafkaSettings kafka) {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        kafka.producer().forEach((k, v) -> {
            if (k.startsWith("security.") || k.startsWith("sasl.") || k.startsWith("ssl.")) props.put(k, v);
        });
        return props;
    }

    /**
     * Fetches a topic's metadata now (a topic created a moment ago takes a while), so that a send need not wait
     * for it. False when it is not there within {@code wait}; any other failure is thrown.
     */
    public static boolean awaitMetadata(Producer<?, ?> producer, String topic, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                producer.partitionsFor(topic);
                return true;
            } catch (TimeoutException notYet) {
                if (System.nanoTime() > deadline) return false;
                Thread.sleep(20); // the fetch it asked for goes on in the producer's I/O thread
            }
        }
    }
}
