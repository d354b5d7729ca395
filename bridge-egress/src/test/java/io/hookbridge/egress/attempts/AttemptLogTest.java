package io.hookbridge.egress.attempts;

import io.hookbridge.egress.delivery.AttemptListener.Attempt;
import io.hookbridge.egress.delivery.Outcome;
import io.hookbridge.egress.events.Event;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The writer never waits for Kafka: a bounded number of records in flight, the rest dropped and counted. */
class AttemptLogTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final AttemptLog log = new AttemptLog(producer, "attempts", 2, 1 << 20, registry);

    @Test
    void aRecordHoldsTheAttemptAndTheStartOfTheAnswer() {
        byte[] body = ("{\"error\":\"maintenance\"}" + "é".repeat(600)).getBytes(StandardCharsets.UTF_8);
        Outcome outcome = new Outcome("http-error", 503, "HTTP 503", 30_000L,
                List.of(Map.entry("content-type", "application/json")), java.util.Arrays.copyOf(body, Outcome.BODY_PREFIX_BYTES));
        log.attempted(new Attempt("sub_1", event("evt-1"), 3, 1_764_691_200_123L, 84_211_000, outcome, "replay:rpl_x"));

        var sent = producer.history().get(0);
        assertThat(sent.topic()).isEqualTo("attempts");
        assertThat(new String(sent.key(), StandardCharsets.UTF_8)).isEqualTo("sub_1");
        assertThat(sent.timestamp()).isEqualTo(1_764_691_200_123L);
        AttemptRecord a = AttemptRecord.parse(sent.value());
        assertThat(a).isEqualTo(new AttemptRecord("sub_1", "evt-1", "github.push", 3, "2025-12-02T16:00:00.123Z", 84.211,
                "http-error", 503, "HTTP 503", Map.of("content-type", "application/json"), a.responseBody(), "replay:rpl_x"));
        // 1 KiB cut inside a two-byte character: the last one is replaced, nothing fails.
        assertThat(a.responseBody()).startsWith("{\"error\":\"maintenance\"}éé").endsWith("\uFFFD");
    }

    @Test
    void theStreamingEncoderWritesWhatTheDataBindingSerializerWrote() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper binding = new com.fasterxml.jackson.databind.ObjectMapper();
        byte[] body = ("{\"error\":\"q\\\"uote\" " + (char) 1 + "\t</>" + "é".repeat(600)).getBytes(StandardCharsets.UTF_8);
        List<Attempt> attempts = List.of(
                new Attempt("sub_1", event("evt-1"), 3, 1_764_691_200_123L, 84_211_000,
                        new Outcome("http-error", 503, "HTTP 503", 30_000L,
                                List.of(Map.entry("content-type", "application/json"), Map.entry("retry-after", "30")),
                                java.util.Arrays.copyOf(body, Outcome.BODY_PREFIX_BYTES)), "replay:rpl_x"),
                new Attempt("sub_2", event("evt-2"), 1, 1_764_691_200_000L, 1_000, // a whole second: no fraction
                        new Outcome("success", 204, null, null, List.of(), new byte[0]), null),
                new Attempt("sub_3", event("evt-3"), 2, 1_764_691_200_007L, 5_000_000_123L,
                        new Outcome("timeout", 0, "timeout: no answer in 5000 ms", null, List.of(), new byte[0]), null),
                new Attempt("sub_4", event("evt-4"), 1, 1_764_691_200_070L, 12_345_678L,
                        new Outcome("success", 200, null, null, List.of(), "ok".getBytes(StandardCharsets.UTF_8)), "test"));
        for (Attempt a : attempts) {
            AttemptRecord bound = AttemptLog.of(a);
            assertThat(new String(AttemptLog.encode(a), StandardCharsets.UTF_8))
                    .isEqualTo(new String(binding.writeValueAsBytes(bound), StandardCharsets.UTF_8))
                    .isEqualTo(new String(bound.toBytes(), StandardCharsets.UTF_8));
            assertThat(bound.at()).isEqualTo(java.time.Instant.ofEpochMilli(a.startedAtMillis()).toString());
            AttemptRecord.Summary summary = AttemptRecord.summary(AttemptLog.encode(a));
            assertThat(summary).isEqualTo(new AttemptRecord.Summary(bound.subscription(), bound.eventId(), bound.durationMs(),
                    bound.succeeded()));
        }
        // An older or newer writer's fields in another order, and unknown ones, still read.
        assertThat(AttemptRecord.summary(("{\"future\":{\"a\":[1,{\"b\":2}]},\"outcome\":\"success\",\"durationMs\":3,"
                + "\"eventId\":\"e\",\"subscription\":\"s\"}").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new AttemptRecord.Summary("s", "e", 3.0, true));
    }

    @Test
    void aDurationIsWrittenAsJacksonWroteTheDouble() {
        java.util.Random random = new java.util.Random(17);
        for (int i = 0; i < 200_000; i++) {
            long micros = i < 100_000 ? i : (long) (random.nextDouble() * 9_999_999_999L);
            double ms = micros / 1000.0;
            assertThat(AttemptRecord.millis(ms)).as("%d us", micros).isEqualTo(Double.toString(ms));
        }
    }

    @Test
    void aReceiverWhoseAnswersAreHugeOnceEscapedCannotFillTheProducersBuffer() {
        // 1 KiB of control characters is about 6 KiB of JSON: two such records fit in 16 KiB, the third does not.
        AttemptLog bounded = new AttemptLog(producer, "attempts", 100, 16 * 1024, registry);
        byte[] hostile = new byte[Outcome.BODY_PREFIX_BYTES];
        java.util.Arrays.fill(hostile, (byte) 1);
        Outcome outcome = new Outcome("http-error", 500, "HTTP 500", null, List.of(), hostile);
        for (int i = 0; i < 3; i++) {
            bounded.attempted(new Attempt("sub_1", event("evt-" + i), 1, 1_764_691_200_000L, 1_000_000, outcome, null));
        }

        assertThat(producer.history()).hasSize(2);
        assertThat(producer.history().get(0).value().length).isGreaterThan(6 * 1024);
        assertThat(registry.get("hookbridge.attempt.log.dropped").counter().count()).isEqualTo(1);
        producer.completeNext();
        producer.completeNext();
        bounded.attempted(new Attempt("sub_1", event("evt-after"), 1, 1_764_691_200_000L, 1_000_000, outcome, null));
        assertThat(producer.history()).hasSize(3); // acknowledged records free their bytes
    }

    @Test
    void whenKafkaDoesNotAnswerRecordsBeyondTheBoundAreDroppedAndCounted() {
        for (int i = 0; i < 5; i++) log.attempted(success("evt-" + i));

        assertThat(producer.history()).hasSize(2);
        assertThat(log.pending()).isEqualTo(2);
        assertThat(registry.get("hookbridge.attempt.log.dropped").counter().count()).isEqualTo(3);

        producer.errorNext(new KafkaException("broker gone"));
        producer.completeNext();
        assertThat(log.pending()).isZero();
        assertThat(registry.get("hookbridge.attempt.log.failed").counter().count()).isEqualTo(1);
        assertThat(registry.get("hookbridge.attempt.log.written").counter().count()).isEqualTo(1);

        log.attempted(success("evt-after"));
        assertThat(producer.history()).hasSize(3);
    }

    @Test
    void aProducerThatThrowsLosesTheRecordNotTheDelivery() {
        producer.close();
        log.attempted(success("evt-closed")); // must not throw into the dispatcher
        assertThat(log.pending()).isZero();
        assertThat(registry.get("hookbridge.attempt.log.failed").counter().count()).isEqualTo(1);
    }

    private static Attempt success(String id) {
        return new Attempt("sub_1", event(id), 1, System.currentTimeMillis(), 1_000_000,
                new Outcome("success", 204, null, null, List.of(), new byte[0]), null);
    }

    private static Event event(String id) {
        var record = new org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>("events", 0, 0,
                id.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_id", id.getBytes(StandardCharsets.UTF_8)).add("ce_type", "github.push".getBytes(StandardCharsets.UTF_8));
        return Event.of(record);
    }
}
