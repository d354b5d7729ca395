package io.hookbridge.bench;

import io.hookbridge.common.config.KafkaSettings;
import io.hookbridge.common.kafka.KafkaClients;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code KafkaCeiling BOOTSTRAP TOPIC RECORDS SIZE}: a plain idempotent acks=all producer pushing the same
 * records as fast as the broker takes them (Kafka's default linger, so batches fill): the most the broker
 * of this machine absorbs. Prints {@code records/s}.
 */
public final class KafkaCeiling {

    private KafkaCeiling() {
    }

    public static void main(String[] args) throws Exception {
        String topic = args[1];
        int records = Integer.parseInt(args[2]);
        byte[] value = new byte[Integer.parseInt(args[3])];
        java.util.Arrays.fill(value, (byte) 'x');
        Map<String, Object> props = KafkaClients.producer(new KafkaSettings(args[0], null, null, null), "kafka-ceiling");
        props.remove("linger.ms");
        CountDownLatch done = new CountDownLatch(records);
        AtomicLong failed = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            producer.partitionsFor(topic);
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, Integer.toString(i).getBytes(), value), (md, e) -> {
                    if (e != null) failed.incrementAndGet();
                    done.countDown();
                });
            }
            done.await();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("RESULT kafka_ceiling records=%d seconds=%.2f rate=%.0f failed=%d%n",
                    records, seconds, records / seconds, failed.get());
        }
    }
}
