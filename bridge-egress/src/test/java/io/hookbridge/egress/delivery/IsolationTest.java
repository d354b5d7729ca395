package io.hookbridge.egress.delivery;

import io.hookbridge.egress.retry.RetryRecords;
import io.hookbridge.egress.testing.EgressFixture;
import io.hookbridge.egress.testing.Receiver.Answer;
import io.hookbridge.testing.KafkaBroker;
import io.hookbridge.testing.TopicReader;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Delivery isolation on a real broker: a subscriber that never answers holds only its lane; the rest of its
 * work is deferred to the retry tiers, the healthy subscriber gets everything at once, and the offsets on
 * {@code topics.events} are committed meanwhile. And a poisoned due time on every tier partition holds
 * retries back only for the tier's reach.
 */
class IsolationTest {

    private static EgressFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new EgressFixture("{ timeout: 3s, maxInFlightPerSubscription: 4, maxQueuedPerSubscription: 10,"
                + " maxQueueDelay: 300ms, maxOutstanding: 100, retrySchedule: [200ms, 400ms], allowPrivateTargets: true,"
                // the lanes alone: no circuit breaker opening in between
                + " circuitBreaker: { failures: 100000 } }");
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    private static String source() {
        return "s" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String subscribe(String path, String type) {
        JsonObject s = f.admin.subscribe(f.receiver.url(path), type);
        f.receiver.expectSecrets(path, s.getString("secret"));
        return s.getString("id");
    }

    @Test
    void aSubscriberThatNeverAnswersHoldsNobodyBackAndItsWorkIsDeferredNotLost() throws Exception {
        String src = source();
        Promise<Void> never = Promise.promise();
        f.receiver.behave("/dead", (n, inFlight) -> new Answer(200, Map.of(), never.future()));
        String dead = subscribe("/dead", src + ".*");
        subscribe("/healthy", src + ".*");

        // Twice the global guard's limit: without isolation, the dead lane would pause everything at 100.
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ids.add(f.events.publish(src + ".tick", "{\"n\":" + i + "}"));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> f.receiver.idsAnswered2xx("/healthy").containsAll(ids));
        await().atMost(Duration.ofSeconds(20)).until(() -> committedToTheEnd(f.config.topics().events()));

        // What the dead subscriber could not take waits on the retry tiers: a deferral, not an attempt.
        Set<String> deferred = new java.util.HashSet<>();
        for (String tier : List.of(f.prefix + ".retry.200ms", f.prefix + ".retry.400ms")) {
            try (TopicReader reader = new TopicReader(tier)) {
                for (ConsumerRecord<byte[], byte[]> r : reader.readAll(0, Duration.ofSeconds(5), Duration.ofSeconds(1))) {
                    if (!dead.equals(TopicReader.header(r, RetryRecords.SUBSCRIPTION))) continue;
                    if (TopicReader.header(r, RetryRecords.DEFERRED) == null) continue;
                    assertThat(TopicReader.header(r, RetryRecords.DEFERRED)).isEqualTo("lane-full");
                    // the attempts the work had: most of it was never attempted
                    if ("0".equals(TopicReader.header(r, RetryRecords.ATTEMPTS))) deferred.add(TopicReader.key(r));
                }
            }
        }
        assertThat(deferred).hasSizeGreaterThan(150);
        assertThat(f.counter("hookbridge.delivery.deferred", "subscription", dead, "reason", "lane-full"))
                .isGreaterThanOrEqualTo(deferred.size());
        // A deferral is not an attempt: a few rounds of 4 timeouts, not one per event.
        assertThat(f.counter("hookbridge.delivery.attempts", "subscription", dead, "outcome", "timeout")).isLessThan(100);
        never.complete();
    }

    @Test
    void aPoisonedDueTimeOnEveryTierPartitionDoesNotStopRetries() throws Exception {
        String src = source();
        f.receiver.behave("/flaky", (n, inFlight) -> Answer.status(n == 1 ? 503 : 200));
        String sub = subscribe("/flaky", src + ".*");
        String tier = f.prefix + ".retry.200ms";
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(KafkaBroker.producerProps(), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int partition = 0; partition < 2; partition++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("ce_id", bytes("poison-" + partition));
                headers.add("ce_type", bytes(src + ".poison"));
                headers.add(RetryRecords.SUBSCRIPTION, bytes(sub));
                headers.add(RetryRecords.ATTEMPTS, bytes("1"));
                headers.add(RetryRecords.DUE_AT, bytes("9000000000000000000"));
                producer.send(new ProducerRecord<>(tier, partition, bytes("poison-" + partition), bytes("{}"), headers))
                        .get(10, TimeUnit.SECONDS);
            }
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(f.events.publish(src + ".retried", "{}"));
        }
        // Each fails once and is retried through the 200 ms tier, behind the poisoned heads.
        await().atMost(Duration.ofSeconds(20)).until(() -> f.receiver.idsAnswered2xx("/flaky").containsAll(ids));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> f.receiver.idsAnswered2xx("/flaky").containsAll(List.of("poison-0", "poison-1")));
    }

    /** The delivery group's committed offsets on {@code topic} are at its end. */
    private static boolean committedToTheEnd(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaBroker.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(f.prefix + "-egress-delivery")
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 2; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            return ends.entrySet().stream().allMatch(e -> committed.containsKey(e.getKey())
                    && committed.get(e.getKey()).offset() >= e.getValue().offset());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
