package io.hookbridge.egress;

import io.hookbridge.common.record.InboundWebhook;
import io.hookbridge.egress.normalize.InboundFixture;
import io.hookbridge.testing.KafkaBroker;
import io.hookbridge.testing.TestTopics;
import io.hookbridge.testing.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.hookbridge.egress.normalize.InboundFixture.awaitCommitted;
import static org.assertj.core.api.Assertions.assertThat;

/** The egress jar as a separate process: killed with SIGKILL mid-stream, and holding a million ids in 128 MB of heap. */
class EgressProcessIT {

    private static final Logger LOG = LoggerFactory.getLogger(EgressProcessIT.class);

    @Test
    void afterASigkillMidStreamAndARestartEveryIdIsForwardedExactlyOnce() throws Exception {
        String prefix = TestTopics.uniquePrefix();
        TestTopics.create(3, prefix + ".inbound", prefix + ".events", prefix + ".dead-letters");
        int port = EgressProcess.freePort();
        Path config = config(prefix, port, Files.createTempDirectory("egress-state"));

        // 8,000 records: ids 0..5,999, and a second copy of every third id 40 records after its first,
        // so copies fall on both sides of the kill.
        int unique = 6_000;
        List<String> stream = new ArrayList<>();
        for (int i = 0; i < unique; i++) {
            stream.add("kill-" + i);
            if (i >= 40 && (i - 40) % 3 == 0) stream.add("kill-" + (i - 40));
        }
        int beforeKill = stream.size() * 3 / 4;
        long now = System.currentTimeMillis();

        try (InboundFixture inbound = new InboundFixture()) {
            EgressProcess first = EgressProcess.start("sigkill-1", config, port, List.of("-Xmx256m"));
            for (String id : stream.subList(0, beforeKill)) {
                inbound.send(prefix + ".inbound", InboundFixture.webhook(id, "github", "push", now));
            }
            inbound.flush();
            int seenAtKill;
            try (TopicReader events = new TopicReader(prefix + ".events")) {
                seenAtKill = events.readUntil(1_000, Duration.ofSeconds(60)).size();
            }
            first.kill();
            long uniqueBeforeKill = stream.subList(0, beforeKill).stream().distinct().count();
            LOG.info("SIGKILL after {} of {} events were committed", seenAtKill, uniqueBeforeKill);
            assertThat(first.isAlive()).isFalse();
            assertThat(seenAtKill).as("events committed when the egress was killed").isBetween(1_000, (int) uniqueBeforeKill);

            for (String id : stream.subList(beforeKill, stream.size())) {
                inbound.send(prefix + ".inbound", InboundFixture.webhook(id, "github", "push", now));
            }
            inbound.flush();
            try (EgressProcess second = EgressProcess.start("sigkill-2", config, port, List.of("-Xmx256m"))) {
                awaitCommitted(prefix + "-egress", prefix + ".inbound", Duration.ofSeconds(90));
            }
        }

        try (TopicReader events = new TopicReader(prefix + ".events")) {
            List<ConsumerRecord<byte[], byte[]>> records = events.readAll(unique, Duration.ofSeconds(60), Duration.ofSeconds(2));
            Map<String, Long> perId = records.stream().collect(Collectors.groupingBy(TopicReader::key, Collectors.counting()));
            assertThat(perId).hasSize(unique);
            assertThat(perId.values()).containsOnly(1L);
            assertThat(records).hasSize(unique);
        }
    }

    /**
     * A million delivery ids inside a 72 h window, in an egress with a 128 MB heap (the ids alone, as a
     * HashSet of strings, would take about that much): all forwarded, all still remembered, no OOM.
     */
    @Test
    void aMillionIdsInTheWindowFitInA128MbHeap() throws Exception {
        int ids = Integer.getInteger("hookbridge.it.heapIds", 1_000_000);
        int replayed = 10_000;
        String prefix = TestTopics.uniquePrefix();
        TestTopics.create(3, prefix + ".inbound", prefix + ".events", prefix + ".dead-letters");
        int port = EgressProcess.freePort();
        Path config = config(prefix, port, Files.createTempDirectory("egress-state"));

        // Written before the egress starts, so that it runs flat out and the producer does not compete for the CPU.
        long now = System.currentTimeMillis();
        try (KafkaProducer<byte[], byte[]> producer = fastProducer()) {
            for (int i = 0; i < ids; i++) {
                producer.send(webhook(prefix, i, now));
            }
            producer.flush();
        }
        try (EgressProcess egress = EgressProcess.start("heap", config, port,
                List.of("-Xmx128m", "-XX:+ExitOnOutOfMemoryError"));
             KafkaProducer<byte[], byte[]> producer = fastProducer()) {
            long started = System.nanoTime();
            awaitCommitted(prefix + "-egress", prefix + ".inbound", Duration.ofSeconds(180)); // ~40 s on a quiet machine
            long processed = System.nanoTime();
            LOG.info("{} ids processed {} ms after the egress was ready ({} records/s through stage 1, JIT warm-up included)",
                    ids, (processed - started) / 1_000_000, ids * 1_000_000_000L / (processed - started));

            assertThat(egress.metric("hookbridge_egress_events_total", "outcome=\"forwarded\"")).isEqualTo(ids);
            // Every id is still known: copies of the oldest ones are all dropped.
            for (int i = 0; i < replayed; i++) {
                producer.send(webhook(prefix, i, now + 1));
            }
            producer.flush();
            awaitCommitted(prefix + "-egress", prefix + ".inbound", Duration.ofSeconds(60));
            assertThat(egress.metric("hookbridge_egress_events_total", "outcome=\"duplicate\"")).isEqualTo(replayed);
            assertThat(egress.metric("hookbridge_egress_events_total", "outcome=\"forwarded\"")).isEqualTo(ids);
            assertThat(egress.metric("hookbridge_egress_dedupe_ids", "")).as("RocksDB's estimate of the ids held")
                    .isGreaterThan(ids * 0.5);
            double heapUsed = egress.metric("jvm_memory_used_bytes", "area=\"heap\"");
            LOG.info("egress heap in use after {} ids: {} MB", ids, (long) heapUsed / (1024 * 1024));
            assertThat(heapUsed).isLessThan(128.0 * 1024 * 1024);
            assertThat(egress.isAlive()).as("alive, no OutOfMemoryError (see " + egress.log() + ")").isTrue();
        }
    }

    private static org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]> webhook(String prefix, int i, long receivedAt) {
        InboundWebhook w = new InboundWebhook(String.format("id-%07d", i), "github", "push", receivedAt,
                "application/json", Map.of(), "{}".getBytes());
        return w.toRecord(prefix + ".inbound");
    }

    private static KafkaProducer<byte[], byte[]> fastProducer() {
        Map<String, Object> props = KafkaBroker.producerProps();
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The egress's config: a free port, its own topics, application id and state dir, quick failure detection. */
    private static Path config(String prefix, int port, Path stateDir) throws IOException {
        Path file = Files.createTempFile("egress-it", ".yaml");
        Files.writeString(file, """
                kafka:
                  bootstrapServers: "%s"
                  # A SIGKILLed member holds its partitions until its session times out: keep that short here.
                  streams: { "session.timeout.ms": "6000", "heartbeat.interval.ms": "1500" }
                topics: { inbound: %s.inbound, events: %s.events, deadLetters: %s.dead-letters, partitions: 3 }
                egress: { port: %d, adminToken: it-token, secretsKey: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", applicationId: %s-egress, stateDir: "%s" }
                """.formatted(KafkaBroker.bootstrapServers(), prefix, prefix, prefix, port, prefix, stateDir));
        return file;
    }

}
