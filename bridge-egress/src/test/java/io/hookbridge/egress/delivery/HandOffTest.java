package io.hookbridge.egress.delivery;

import io.hookbridge.common.kafka.KafkaAsyncProducer;
import io.hookbridge.egress.events.Event;
import io.hookbridge.egress.retry.RetryTiers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hand-off whose write fails is tried again, and the work is done only once Kafka has the record. The
 * producer is Kafka's MockProducer: the one way to make a send fail on demand.
 */
class HandOffTest {

    private final Vertx vertx = Vertx.vertx();
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final RetryTiers tiers = new RetryTiers("p.retry", List.of(Duration.ofSeconds(5), Duration.ofMinutes(5)));
    private final HandOff handOff = new HandOff(vertx, new KafkaAsyncProducer(producer), tiers, "p.dead-letters",
            new DeliveryMetrics(new SimpleMeterRegistry()));

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static Event event() {
        return new Event("d-1", "github.push", "{}".getBytes(StandardCharsets.UTF_8),
                List.of(new RecordHeader("ce_id", "d-1".getBytes(StandardCharsets.UTF_8))), List.of(Map.entry("ce-id", "d-1")));
    }

    @Test
    void aFailedWriteIsTriedAgainAndOnlyThenDone() throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        Work work = new Work(event(), "sub_1", 0, null, () -> done.set(true));
        CompletableFuture<Void> stored = new CompletableFuture<>();
        vertx.runOnContext(v -> handOff.retry(work, 1, System.currentTimeMillis() + 5_000,
                        Outcome.response(503, null, System.currentTimeMillis()))
                .onSuccess(x -> {
                    work.done().run();
                    stored.complete(null);
                }));

        await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 1);
        assertThat(producer.errorNext(new TimeoutException("broker gone"))).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 2);
        assertThat(done).isFalse();
        assertThat(producer.completeNext()).isTrue();
        stored.get(5, TimeUnit.SECONDS);
        assertThat(done).isTrue();

        ProducerRecord<byte[], byte[]> record = producer.history().get(1);
        assertThat(record.topic()).isEqualTo("p.retry.5s");
        assertThat(new String(record.headers().lastHeader("hookbridge-attempts").value(), StandardCharsets.UTF_8)).isEqualTo("1");
        assertThat(new String(record.headers().lastHeader("hookbridge-last-status").value(), StandardCharsets.UTF_8)).isEqualTo("503");
        assertThat(record.headers().lastHeader("ce_id")).isNotNull();
    }

    @Test
    void afterCloseAFailedWriteIsNotTriedAgain() throws Exception {
        handOff.close();
        CompletableFuture<Future<Void>> result = new CompletableFuture<>();
        vertx.runOnContext(v -> result.complete(handOff.deadLetter(new Work(event(), "sub_1", 3, null, () -> { }), 3,
                "retries-exhausted", null)));
        Future<Void> written = result.get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 1);
        producer.errorNext(new TimeoutException("broker gone"));
        await().atMost(Duration.ofSeconds(5)).until(written::failed);
        assertThat(producer.history()).hasSize(1);
        assertThat(producer.history().get(0).topic()).isEqualTo("p.dead-letters");
    }
}
