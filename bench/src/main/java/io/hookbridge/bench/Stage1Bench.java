package io.hookbridge.bench;

import io.hookbridge.common.config.ConfigLoader;
import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.config.KafkaSettings;
import io.hookbridge.common.kafka.KafkaClients;
import io.hookbridge.common.metrics.Metrics;
import io.hookbridge.common.record.InboundWebhook;
import io.hookbridge.egress.Egress;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code Stage1Bench BOOTSTRAP WORKDIR}: egress stage 1 (dedupe + normalize, exactly-once) from a pre-filled
 * inbound topic, and the consumer-only ceiling of the same topic beside it. The stage's rate is taken
 * between 40 % and 90 % of the way, from the offsets it commits: start-up and the JIT's warm-up (which on two
 * cores takes most of the first few hundred thousand records) do not count, the sustained rate does.
 */
public final class Stage1Bench {

    private static final int RECORDS = Integer.getInteger("stage1.records", 900_000);
    private static final int PARTITIONS = 6;
    private static final long SPREAD_HOURS = Long.getLong("stage1.spreadHours", 0);

    private Stage1Bench() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String run = "bench.s1." + UUID.randomUUID().toString().substring(0, 6);
        String inbound = run + ".inbound";
        KafkaSettings kafka = new KafkaSettings(bootstrap, null, null, null);
        try (Admin admin = Admin.create(KafkaClients.admin(kafka))) {
            admin.createTopics(List.of(new NewTopic(inbound, PARTITIONS, (short) 1))).all().get();
            prefill(kafka, inbound);
            double ceiling = consumeAll(kafka, inbound);
            System.out.printf("RESULT stage1_consumer_ceiling records=%d rate=%.0f%n", RECORDS, ceiling);

            Path state = Files.createTempDirectory(Path.of(args[1]), "stage1-state");
            HookbridgeConfig config = ConfigLoader.parse("""
                    kafka: { bootstrapServers: "%s", streams: { %s } }
                    topics: { inbound: %s, events: %s.events, deadLetters: %s.dead-letters, partitions: %d }
                    egress: { port: 0, adminToken: bench, applicationId: %s, stateDir: "%s" %s }
                    """.formatted(bootstrap, System.getProperty("stage1.streams", ""), inbound, run, run, PARTITIONS, run,
                    state, System.getProperty("stage1.egress", "")), Map.of());
            Metrics metrics = new Metrics("bench");
            Vertx vertx = metrics.newVertx(new VertxOptions(), Egress.VERTX_METRICS_OFF);
            Egress egress = Egress.start(vertx, config, metrics).await(120, TimeUnit.SECONDS);
            Rate rate = committedRate(admin, run, inbound);
            System.out.printf("RESULT stage1_dedupe_normalize_eos records=%d rate=%.0f (%.2f x consumer ceiling), %s%n",
                    RECORDS, rate.perSecond(), rate.perSecond() / ceiling, rate.cpu());
            egress.stop().await(60, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    private static void prefill(KafkaSettings kafka, String topic) {
        // Test data, written as fast as the broker takes it into a topic created a moment before: no idempotence,
        // which on a new topic can retry a refused first batch until it is dropped (KAFKA-15591, see
        // KafkaBroker.producerProps in test-support).
        Map<String, Object> props = KafkaClients.producer(kafka, "stage1-prefill");
        props.remove("linger.ms");
        props.put("enable.idempotence", false);
        props.put("acks", "1");
        byte[] body = ("{\"action\":\"push\",\"padding\":\"" + "x".repeat(990) + "\"}").getBytes();
        long spread = TimeUnit.HOURS.toMillis(SPREAD_HOURS);
        long first = System.currentTimeMillis() - spread;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < RECORDS; i++) {
                long receivedAt = spread == 0 ? System.currentTimeMillis() : first + spread * i / RECORDS;
                ProducerRecord<byte[], byte[]> r = new InboundWebhook("d-" + i, "github", "push", receivedAt,
                        "application/json", Map.of(), body).toRecord(topic);
                producer.send(new ProducerRecord<>(topic, null, receivedAt, r.key(), r.value(), r.headers()));
            }
        }
    }

    private static double consumeAll(KafkaSettings kafka, String topic) {
        Map<String, Object> props = KafkaClients.consumer(kafka, "unused");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long start = System.nanoTime();
            long count = 0;
            while (count < RECORDS) {
                count += consumer.poll(Duration.ofMillis(100)).count();
            }
            return count / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Samples the stage's committed offsets; the rate, and the CPU it took, between 40 % and 90 % of the records. */
    private static Rate committedRate(Admin admin, String group, String topic) throws Exception {
        List<TopicPartition> partitions = java.util.stream.IntStream.range(0, PARTITIONS)
                .mapToObj(p -> new TopicPartition(topic, p)).toList();
        Map<TopicPartition, Long> end = admin.listOffsets(partitions.stream()
                        .collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest())))
                .all().get().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        long total = end.values().stream().mapToLong(Long::longValue).sum();
        long tFrom = 0, t90 = 0, cFrom = 0, c90 = 0;
        CpuMeter cpu = null;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            long done = committed.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
            long now = System.nanoTime();
            if (tFrom == 0 && done >= total * 4 / 10) { tFrom = now; cFrom = done; cpu = new CpuMeter(); }
            if (done >= total * 9 / 10) { t90 = now; c90 = done; break; }
            Thread.sleep(50);
        }
        if (t90 == 0) throw new IllegalStateException("stage 1 did not get through 90 % of " + total + " records in 5 minutes");
        return new Rate((c90 - cFrom) / ((t90 - tFrom) / 1e9), cpu.perRecord(c90 - cFrom, "egress"));
    }
}
