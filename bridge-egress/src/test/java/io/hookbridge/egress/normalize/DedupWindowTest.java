package io.hookbridge.egress.normalize;

import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.config.Topics;
import io.hookbridge.testing.KafkaBroker;
import io.hookbridge.testing.TestTopics;
import io.hookbridge.testing.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.hookbridge.egress.normalize.InboundFixture.awaitCommitted;
import static io.hookbridge.egress.normalize.InboundFixture.webhook;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The window is real: with {@code dedupWindow: 10s}, measured on record timestamps, a copy within 10 s
 * of the first sighting is dropped and a copy after it is forwarded again.
 */
class DedupWindowTest {

    @Test
    void aCopyAfterTheWindowIsForwardedAgain() throws Exception {
        HookbridgeConfig config = InboundFixture.config(TestTopics.uniquePrefix(), "dedupWindow: 10s");
        Topics topics = config.topics();
        TestTopics.create(1, topics.inbound(), topics.events(), topics.deadLetters());
        long t0 = System.currentTimeMillis() - 300_000;

        try (InboundFixture inbound = new InboundFixture(); NormalizeService service = new NormalizeService(config, new SimpleMeterRegistry())) {
            service.start();
            String in = topics.inbound();
            inbound.send(in, webhook("A", "github", "push", t0), t0);                   // first: forwarded
            inbound.send(in, webhook("A", "github", "push", t0 + 5_000), t0 + 5_000);   // 5 s later: duplicate
            inbound.send(in, webhook("B", "github", "push", t0 + 6_000), t0 + 6_000);   // forwarded
            inbound.send(in, webhook("A", "github", "push", t0 + 10_000), t0 + 10_000); // at the edge: duplicate
            inbound.send(in, webhook("A", "github", "push", t0 + 11_000), t0 + 11_000); // after the window: forwarded again
            inbound.send(in, webhook("A", "github", "push", t0 + 12_000), t0 + 12_000); // within the new window: duplicate
            inbound.send(in, webhook("B", "github", "push", t0 + 3_000), t0 + 3_000);   // a skewed clock, 3 s early: duplicate
            inbound.send(in, webhook("C", "github", "push", t0 + 40_000), t0 + 40_000); // forwarded
            inbound.send(in, webhook("C", "github", "push", t0 + 35_000), t0 + 35_000); // 5 s early: duplicate
            inbound.flush();
            awaitCommitted(config.egress().applicationId(), in, Duration.ofSeconds(60));
        }

        try (TopicReader reader = new TopicReader(topics.events())) {
            List<ConsumerRecord<byte[], byte[]>> events = reader.readAll(4, Duration.ofSeconds(30), Duration.ofSeconds(1));
            assertThat(events).extracting(e -> TopicReader.key(e) + "@" + (Instant.parse(TopicReader.header(e, "ce_time")).toEpochMilli() - t0))
                    .containsExactly("A@0", "B@6000", "A@11000", "C@40000");
        }

        // Kafka forgets the ids too: the changelog deletes by time (the window plus Streams' one-day margin).
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()))) {
            ConfigResource changelog = new ConfigResource(ConfigResource.Type.TOPIC,
                    config.egress().applicationId() + "-" + DeliveryIdWindow.STORE + "-changelog");
            Config described = admin.describeConfigs(List.of(changelog)).all().get(30, TimeUnit.SECONDS).get(changelog);
            assertThat(described.get("cleanup.policy").value()).isEqualTo("compact,delete");
            assertThat(Long.parseLong(described.get("retention.ms").value())).isEqualTo(10_000L + Duration.ofDays(1).toMillis());
        }
    }
}
