package io.hookbridge.egress.normalize;

import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.config.Topics;
import io.hookbridge.common.record.InboundWebhook;
import io.hookbridge.testing.TestTopics;
import io.hookbridge.testing.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.hookbridge.egress.normalize.InboundFixture.awaitCommitted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Acceptance: N distinct webhooks, each sent 1 to 3 times, some copies only after a restart (with the
 * local state gone, so it must come back from the changelog) and during a rebalance between two
 * instances, come out as exactly N events to a read_committed reader, each id once, as the contract's
 * CloudEvent.
 */
class ExactlyOnceAcrossRestartsTest {

    private static final int N = 300;

    @Test
    void eachWebhookSentOneToThreeTimesIsOneEvent() {
        HookbridgeConfig config = InboundFixture.config(TestTopics.uniquePrefix(), "");
        Topics topics = config.topics();
        TestTopics.create(3, topics.inbound(), topics.events(), topics.deadLetters());
        String app = config.egress().applicationId();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SimpleMeterRegistry secondRegistry = new SimpleMeterRegistry();
        SimpleMeterRegistry thirdRegistry = new SimpleMeterRegistry();
        long start = System.currentTimeMillis() - 60_000;
        List<InboundWebhook> webhooks = IntStream.range(0, N)
                .mapToObj(i -> InboundFixture.webhook("delivery-" + i, i % 2 == 0 ? "github" : "stripe",
                        i % 2 == 0 ? "push" : "invoice.paid", start + i))
                .toList();
        // Webhook i is sent 1 + i % 3 times: copy 1 of all, copy 2 of i % 3 >= 1, copy 3 of i % 3 == 2.
        IntPredicate twice = i -> i % 3 >= 1;
        IntPredicate thrice = i -> i % 3 == 2;

        try (InboundFixture inbound = new InboundFixture()) {
            // 1. One instance: every webhook once, and the second copy of the even ones.
            NormalizeService first = new NormalizeService(config, registry);
            first.start();
            send(inbound, topics, webhooks, i -> true);
            send(inbound, topics, webhooks, i -> twice.test(i) && i % 2 == 0);
            awaitCommitted(app, topics.inbound(), Duration.ofSeconds(60));
            first.close();

            // 2. Restarted as two instances with empty state dirs: they split the partitions between them
            //    and restore the ids from the changelog. The rest of the second copies, half the third ones.
            NormalizeService second = new NormalizeService(InboundFixture.withFreshStateDir(config), secondRegistry);
            NormalizeService third = new NormalizeService(InboundFixture.withFreshStateDir(config), thirdRegistry);
            second.start();
            third.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> second.state() == KafkaStreams.State.RUNNING
                    && third.state() == KafkaStreams.State.RUNNING);
            send(inbound, topics, webhooks, i -> twice.test(i) && i % 2 == 1);
            send(inbound, topics, webhooks, i -> thrice.test(i) && i % 2 == 0);
            awaitCommitted(app, topics.inbound(), Duration.ofSeconds(60));
            assertThat(processed(secondRegistry)).as("records the second instance processed").isPositive();
            assertThat(processed(thirdRegistry)).as("records the third instance processed").isPositive();

            // 3. One of them stops: the other takes its partitions over (a rebalance), the last copies.
            second.close();
            send(inbound, topics, webhooks, i -> thrice.test(i) && i % 2 == 1);
            awaitCommitted(app, topics.inbound(), Duration.ofSeconds(60));
            third.close();
        }

        try (TopicReader reader = new TopicReader(topics.events())) {
            List<ConsumerRecord<byte[], byte[]>> events = reader.readAll(N, Duration.ofSeconds(30), Duration.ofSeconds(1));
            Map<String, Long> perId = events.stream().collect(Collectors.groupingBy(TopicReader::key, Collectors.counting()));
            assertThat(events).hasSize(N);
            assertThat(perId.keySet()).containsExactlyInAnyOrderElementsOf(webhooks.stream().map(InboundWebhook::deliveryId).toList());
            assertThat(perId.values()).containsOnly(1L);

            Map<String, InboundWebhook> byId = new HashMap<>();
            webhooks.forEach(w -> byId.put(w.deliveryId(), w));
            for (ConsumerRecord<byte[], byte[]> event : events) {
                InboundWebhook sent = byId.get(TopicReader.key(event));
                assertThat(TopicReader.header(event, "ce_specversion")).isEqualTo("1.0");
                assertThat(TopicReader.header(event, "ce_id")).isEqualTo(sent.deliveryId());
                assertThat(TopicReader.header(event, "ce_source")).isEqualTo("/hookbridge/" + sent.source());
                assertThat(TopicReader.header(event, "ce_type")).isEqualTo(sent.source() + "." + sent.eventType());
                assertThat(Instant.parse(TopicReader.header(event, "ce_time"))).isEqualTo(Instant.ofEpochMilli(sent.receivedAt()));
                assertThat(TopicReader.header(event, "content-type")).isEqualTo("application/json");
                assertThat(new String(event.value(), StandardCharsets.UTF_8)).isEqualTo(new String(sent.body(), StandardCharsets.UTF_8));
            }
        }
        // Graceful stops and rebalances commit what was processed, so nothing was processed twice here.
        List<SimpleMeterRegistry> all = List.of(registry, secondRegistry, thirdRegistry);
        assertThat(all.stream().mapToDouble(r -> count(r, "forwarded")).sum()).isEqualTo(N);
        assertThat(all.stream().mapToDouble(r -> count(r, "duplicate")).sum()).isEqualTo(N);
    }

    private static double count(SimpleMeterRegistry registry, String outcome) {
        return registry.get(NormalizeMetrics.EVENTS).tag("outcome", outcome).counter().count();
    }

    private static double processed(SimpleMeterRegistry registry) {
        return count(registry, "forwarded") + count(registry, "duplicate");
    }

    private static void send(InboundFixture inbound, Topics topics, List<InboundWebhook> webhooks, IntPredicate which) {
        for (int i = 0; i < webhooks.size(); i++) {
            if (which.test(i)) inbound.send(topics.inbound(), webhooks.get(i));
        }
        inbound.flush();
    }
}
