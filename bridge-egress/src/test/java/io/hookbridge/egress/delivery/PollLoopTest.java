package io.hookbridge.egress.delivery;

import io.hookbridge.common.kafka.KafkaAsyncProducer;
import io.hookbridge.egress.deadletter.DeadLetter;
import io.hookbridge.egress.retry.RetryRecords;
import io.hookbridge.egress.retry.RetryTiers;
import io.hookbridge.egress.subscription.Subscription;
import io.hookbridge.egress.subscription.Subscriptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The poll loop and its parts (RetryGate, FanOut, Backpressure, CommitTracker) on Kafka's MockConsumer and
 * MockProducer: what reaches the dispatchers, what is committed when, what is paused, what is dead-lettered.
 * The dispatchers are replaced by a list of the work handed over; the test finishes work by hand.
 */
class PollLoopTest {

    private static final String EVENTS = "t.events";
    private static final TopicPartition E0 = new TopicPartition(EVENTS, 0);
    private static final TopicPartition E1 = new TopicPartition(EVENTS, 1);
    private final RetryTiers tiers = new RetryTiers("t.retry", List.of(Duration.ofMillis(100), Duration.ofMillis(200)));
    private final TopicPartition tier0 = new TopicPartition("t.retry.100ms", 0);
    private final TopicPartition tier1 = new TopicPartition("t.retry.100ms", 1);

    private final Vertx vertx = Vertx.vertx();
    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final Table table = new Table();
    private final List<Work> handedOver = new CopyOnWriteArrayList<>();
    private PollLoop loop;

    @BeforeEach
    void assign() {
        consumer.assign(List.of(E0, E1, tier0, tier1));
        Map<TopicPartition, Long> beginning = new HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            beginning.put(tp, 0L);
        }
        consumer.updateBeginningOffsets(beginning);
        table.add("sub_a", "github.*");
        table.add("sub_b", "*");
        loop = loop(10_000);
    }

    private PollLoop loop(int maxOutstanding) {
        HandOff handOff = new HandOff(vertx, new KafkaAsyncProducer(producer), tiers, "t.dead-letters",
                new DeliveryMetrics(new SimpleMeterRegistry()));
        PollLoop.WorkSink sink = new PollLoop.WorkSink() {
            private final List<Work> batch = new ArrayList<>();

            @Override
            public void add(Work work) {
                batch.add(work);
            }

            @Override
            public void flush() {
                handedOver.addAll(batch);
                batch.clear();
            }
        };
        return new PollLoop(consumer, List.of(EVENTS, "t.retry.100ms", "t.retry.200ms"), new RetryGate(tiers),
                new FanOut(table), new Backpressure(maxOutstanding, 1L << 30), sink, handOff, Duration.ofSeconds(1));
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void anEventFansOutToTheMatchingSubscriptionsAndIsCommittedOnlyWhenAllAreDone() {
        consumer.addRecord(event(E0, 0, "github.push"));
        consumer.addRecord(event(E0, 1, "stripe.charge"));
        consumer.addRecord(event(E1, 0, "nobody.wants"));
        table.remove("sub_b");
        table.add("sub_b", "github.*", "stripe.*");
        loop.pollOnce();

        assertThat(handedOver).extracting(w -> w.event().type() + ">" + w.subscriptionId())
                .containsExactlyInAnyOrder("github.push>sub_a", "github.push>sub_b", "stripe.charge>sub_b");
        awaitCommitted(E1, 1); // nobody wanted it: finished at once
        assertThat(committed(E0)).as("nothing of partition 0 is finished").isIn(-1L, 0L);

        handedOver.get(2).done().run(); // stripe.charge (offset 1) done before github.push (offset 0)
        handedOver.get(0).done().run(); // one of github.push's two
        pollQuietly(250);
        assertThat(committed(E0)).isIn(-1L, 0L);
        handedOver.get(1).done().run();
        awaitCommitted(E0, 2);
    }

    @Test
    void aPoisonedDueTimeOnEveryTierPartitionHoldsForTheTiersReachOnlyAndRetriesBehindItFlow() {
        long now = System.currentTimeMillis();
        for (TopicPartition tp : List.of(tier0, tier1)) {
            consumer.addRecord(retry(tp, 0, now, "sub_a", "9000000000000000000"));
            consumer.addRecord(retry(tp, 1, now, "sub_b", Long.toString(now)));
        }
        loop.pollOnce();
        assertThat(handedOver).isEmpty();
        assertThat(consumer.paused()).containsExactlyInAnyOrder(tier0, tier1);
        // MockConsumer forgets what it returned; a real consumer reads again from the rewound position.
        for (TopicPartition tp : List.of(tier0, tier1)) {
            consumer.addRecord(retry(tp, 0, now, "sub_a", "9000000000000000000"));
            consumer.addRecord(retry(tp, 1, now, "sub_b", Long.toString(now)));
        }
        // The 100 ms tier reaches 120 ms: the poisoned head is attempted by then, and the retry behind it too.
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            loop.pollOnce();
            return handedOver.size() == 4;
        });
        assertThat(handedOver).extracting(Work::subscriptionId).containsExactlyInAnyOrder("sub_a", "sub_a", "sub_b", "sub_b");
        assertThat(handedOver).allSatisfy(w -> assertThat(w.attempts()).isEqualTo(2));
        assertThat(System.currentTimeMillis() - now).isGreaterThanOrEqualTo(120);
    }

    @Test
    void aMalformedRetryRecordIsDeadLetteredWithItsReasonAndCommittedOnceKafkaHasIt() {
        ConsumerRecord<byte[], byte[]> garbled = RetryGateTest.record(tier0.topic(), System.currentTimeMillis(),
                RetryRecords.SUBSCRIPTION, "sub_a", RetryRecords.ATTEMPTS, "3", RetryRecords.DUE_AT, "soon");
        consumer.addRecord(garbled);
        loop.pollOnce();
        // RetryGateTest's record sits at offset 7
        await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 1);
        ProducerRecord<byte[], byte[]> letter = producer.history().get(0);
        assertThat(letter.topic()).isEqualTo("t.dead-letters");
        DeadLetter read = DeadLetter.of(new ConsumerRecord<>(letter.topic(), 0, 0, 0, TimestampType.CREATE_TIME, 0, 0,
                letter.key(), letter.value(), letter.headers(), Optional.empty()));
        assertThat(read.stage()).isEqualTo("delivery");
        assertThat(read.reason()).isEqualTo("malformed-retry-record");
        assertThat(read.lastError()).isEqualTo("hookbridge-due-at is not a decimal number: soon");
        assertThat(read.subscription()).isEqualTo("sub_a");
        assertThat(read.attempts()).isEqualTo(3);
        assertThat(handedOver).isEmpty();
        awaitCommitted(tier0, 8);
    }

    @Test
    void theGlobalGuardPausesEverythingAboveItsLimitAndResumesAtHalf() {
        loop = loop(4);
        for (int i = 0; i < 3; i++) {
            consumer.addRecord(event(E0, i, "github.push")); // two items each: six outstanding
        }
        loop.pollOnce();
        assertThat(handedOver).hasSize(6);
        assertThat(consumer.paused()).containsExactlyInAnyOrder(E0, E1, tier0, tier1);
        handedOver.get(0).done().run();
        handedOver.get(1).done().run();
        loop.pollOnce();
        assertThat(consumer.paused()).as("4 outstanding: above half").hasSize(4);
        handedOver.get(2).done().run();
        handedOver.get(3).done().run();
        loop.pollOnce();
        assertThat(consumer.paused()).isEmpty();
    }

    private void pollQuietly(long millis) {
        long end = System.currentTimeMillis() + millis;
        await().atMost(Duration.ofMillis(millis + 2_000)).until(() -> {
            loop.pollOnce();
            return System.currentTimeMillis() >= end;
        });
    }

    private void awaitCommitted(TopicPartition tp, long offset) {
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            loop.pollOnce();
            return committed(tp) == offset;
        });
    }

    private long committed(TopicPartition tp) {
        OffsetAndMetadata o = consumer.committed(Set.of(tp)).get(tp);
        return o == null ? -1 : o.offset();
    }

    private static ConsumerRecord<byte[], byte[]> event(TopicPartition tp, long offset, String type) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_id", bytes("d-" + tp.partition() + "-" + offset));
        headers.add("ce_type", bytes(type));
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, System.currentTimeMillis(), TimestampType.CREATE_TIME,
                0, 0, bytes("d-" + offset), bytes("{}"), headers, Optional.empty());
    }

    private static ConsumerRecord<byte[], byte[]> retry(TopicPartition tp, long offset, long timestamp, String subscription,
                                                        String dueAt) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_id", bytes("d-" + offset));
        headers.add("ce_type", bytes("github.push"));
        headers.add(RetryRecords.SUBSCRIPTION, bytes(subscription));
        headers.add(RetryRecords.ATTEMPTS, bytes("2"));
        headers.add(RetryRecords.DUE_AT, bytes(dueAt));
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, timestamp, TimestampType.CREATE_TIME, 0, 0,
                bytes("d-" + offset), bytes("{}"), headers, Optional.empty());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The subscription table in memory. */
    private static final class Table implements Subscriptions {
        private final Map<String, Subscription> byId = new java.util.LinkedHashMap<>();
        private long version;

        void add(String id, String... types) {
            byId.put(id, Subscription.fromJson(new JsonObject().put("id", id).put("url", "http://127.0.0.1:9/")
                    .put("eventTypes", new JsonArray(List.of((Object[]) types))).put("secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")));
            version++;
        }

        void remove(String id) {
            byId.remove(id);
            version++;
        }

        @Override
        public Subscription find(String id) {
            return byId.get(id);
        }

        @Override
        public List<Subscription> all() {
            return List.copyOf(byId.values());
        }

        @Override
        public long version() {
            return version;
        }

        @Override
        public Future<Subscription> put(Subscription subscription) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Future<Void> delete(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Future<Subscription> update(String id, UnaryOperator<Subscription> change) {
            throw new UnsupportedOperationException();
        }
    }
}
