package io.hookbridge.egress.normalize;

import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.config.Topics;
import io.hookbridge.common.metrics.Metrics;
import io.hookbridge.egress.EgressTopics;
import io.hookbridge.egress.events.NotNormalizable;
import io.hookbridge.testing.TestTopics;
import io.hookbridge.testing.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.hookbridge.egress.normalize.InboundFixture.awaitCommitted;
import static io.hookbridge.egress.normalize.InboundFixture.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Records that are not hookbridge webhooks go to the dead-letter topic, as they were plus error headers,
 * and the good records behind them on the same partition still flow; matching events are copied to the
 * route topics; and the metrics count all of it.
 */
class DeadLettersAndRoutesTest {

    @Test
    void foreignRecordsAreDeadLetteredRoutesCopyAndMetricsCount() throws Exception {
        String prefix = TestTopics.uniquePrefix();
        HookbridgeConfig config = InboundFixture.config(prefix, """
                routes: [ { type: "github.*", topic: %s.github }, { type: "*.invoice.*", topic: %s.billing },
                          { type: "github.push", topic: %s.github } ]""".formatted(prefix, prefix, prefix));
        Topics topics = config.topics();
        String in = topics.inbound();
        TestTopics.create(1, in, topics.events(), topics.deadLetters()); // one partition: the bad ones sit in front of the good ones
        EgressTopics.plan(config).ensure(config.kafka()); // the route topics
        Metrics metrics = new Metrics("egress");
        long now = System.currentTimeMillis();

        List<RecordMetadata> bad = new ArrayList<>();
        try (InboundFixture inbound = new InboundFixture(); NormalizeService service = new NormalizeService(config, metrics.registry())) {
            service.start();
            inbound.send(in, webhook("g1", "github", "push", now));
            bad.add(inbound.send(new ProducerRecord<>(in, bytes("f1"), bytes("from a foreign producer"))).get(10, TimeUnit.SECONDS));
            ProducerRecord<byte[], byte[]> noTime = webhook("f2", "github", "push", now).toRecord(in);
            noTime.headers().remove("hookbridge-received-at");
            bad.add(inbound.send(noTime).get(10, TimeUnit.SECONDS));
            bad.add(inbound.send(new ProducerRecord<byte[], byte[]>(in, null, (byte[]) null, bytes("no key"),
                    new RecordHeaders().add("hookbridge-source", bytes("github")))).get(10, TimeUnit.SECONDS));
            inbound.send(in, webhook("g2", "github", "issues", now));
            inbound.send(in, webhook("s1", "stripe", "invoice.paid", now));
            inbound.send(in, webhook("g2", "github", "issues", now)); // a duplicate
            inbound.send(in, webhook("f2", "github", "push", now)); // a good copy of a dead-lettered id still goes through
            inbound.send(in, webhook("s2", "stripe", "charge.succeeded", now));
            inbound.flush();
            awaitCommitted(config.egress().applicationId(), in, Duration.ofSeconds(60));

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(metrics.scrape())
                    .containsPattern("hookbridge_egress_dedupe_ids\\{[^}]*} [1-9]"));
            String scrape = metrics.scrape();
            assertThat(scrape).containsPattern("hookbridge_egress_events_total\\{[^}]*outcome=\"forwarded\"[^}]*} 5\\.0")
                    .containsPattern("hookbridge_egress_events_total\\{[^}]*outcome=\"duplicate\"[^}]*} 1\\.0")
                    .containsPattern("hookbridge_egress_events_total\\{[^}]*outcome=\"dead-lettered\"[^}]*} 3\\.0")
                    .containsPattern("hookbridge_egress_routed_total\\{[^}]*topic=\"" + prefix + ".github\"[^}]*} 3\\.0")
                    .containsPattern("hookbridge_egress_routed_total\\{[^}]*topic=\"" + prefix + ".billing\"[^}]*} 1\\.0")
                    .contains("hookbridge_egress_dedupe_disk_bytes")
                    .contains("kafka_stream_");
        }

        assertThat(keys(topics.events(), 5)).containsExactly("g1", "g2", "s1", "f2", "s2");
        // Route topics are created with topics.partitions partitions: no order across them, each copied once.
        assertThat(keys(prefix + ".github", 3)).containsExactlyInAnyOrder("g1", "g2", "f2");
        assertThat(keys(prefix + ".billing", 1)).containsExactly("s1");

        try (TopicReader reader = new TopicReader(topics.deadLetters())) {
            List<ConsumerRecord<byte[], byte[]>> letters = reader.readAll(3, Duration.ofSeconds(30), Duration.ofSeconds(1));
            assertThat(letters).hasSize(3);
            for (int i = 0; i < 3; i++) {
                ConsumerRecord<byte[], byte[]> letter = letters.get(i);
                assertThat(TopicReader.header(letter, "__streams.errors.topic")).isEqualTo(in);
                assertThat(TopicReader.header(letter, "__streams.errors.partition")).isEqualTo("0");
                assertThat(TopicReader.header(letter, "__streams.errors.offset")).isEqualTo(Long.toString(bad.get(i).offset()));
                assertThat(TopicReader.header(letter, "__streams.errors.exception")).isEqualTo(NotNormalizable.class.getName());
                assertThat(TopicReader.header(letter, "hookbridge-dead-letter-stage")).isEqualTo("normalize");
                assertThat(TopicReader.header(letter, "hookbridge-dead-letter-reason")).isEqualTo("not-normalizable");
            }
            assertThat(letters).extracting(l -> TopicReader.header(l, "__streams.errors.message")).containsExactly(
                    "record has no header hookbridge-source",
                    "record has no header hookbridge-received-at",
                    "record has no key (delivery id)");
            // kept as they were: key, value and the original headers
            assertThat(TopicReader.key(letters.get(0))).isEqualTo("f1");
            assertThat(new String(letters.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("from a foreign producer");
            assertThat(TopicReader.header(letters.get(1), "hookbridge-source")).isEqualTo("github");
            assertThat(TopicReader.header(letters.get(1), "http-x-github-delivery")).isEqualTo("f2");
            assertThat(letters.get(2).key()).isNull();
        }
    }

    private static List<String> keys(String topic, int expected) {
        try (TopicReader reader = new TopicReader(topic)) {
            return reader.readAll(expected, Duration.ofSeconds(30), Duration.ofSeconds(1)).stream().map(TopicReader::key).toList();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

}
