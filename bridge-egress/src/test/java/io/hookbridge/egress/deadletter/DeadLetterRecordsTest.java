package io.hookbridge.egress.deadletter;

import io.hookbridge.egress.events.Event;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Both stages write one dead-letter format, and the reader tells the two kinds apart. */
class DeadLetterRecordsTest {

    @Test
    void aDeliveryDeadLetterReadsBackAsReplayable() {
        Event event = new Event("d-1", "github.push", bytes("{}"),
                List.of(new RecordHeader("ce_id", bytes("d-1")), new RecordHeader("ce_type", bytes("github.push"))),
                List.of(Map.entry("ce-id", "d-1")));
        ProducerRecord<byte[], byte[]> written = DeadLetterRecords.undelivered("dl", event, "sub_1", 3, "retries-exhausted",
                503, "HTTP 503");

        DeadLetter letter = DeadLetter.of(read(written.key(), written.value(), written.headers(), 9));
        assertThat(letter.stage()).isEqualTo("delivery");
        assertThat(letter.subscription()).isEqualTo("sub_1");
        assertThat(letter.event().id()).isEqualTo("d-1");
        assertThat(letter.event().type()).isEqualTo("github.push");
        assertThat(letter.reason()).isEqualTo("retries-exhausted");
        assertThat(letter.lastStatus()).isEqualTo(503);
        assertThat(letter.lastError()).isEqualTo("HTTP 503");
        assertThat(letter.attempts()).isEqualTo(3);
        assertThat(letter.replayable()).isTrue();
        assertThat(letter.event().headers()).extracting(h -> h.key()).containsExactly("ce_id", "ce_type");
    }

    @Test
    void aNormalizeDeadLetterKeepsTheRecordAndReadsBackAsNotReplayable() {
        Headers inbound = new RecordHeaders().add("hookbridge-source", bytes("github"));
        Headers headers = DeadLetterRecords.notNormalizable(inbound, "in", 0, 42,
                new IllegalArgumentException("record has no header hookbridge-event-type"));
        assertThat(text(headers, "hookbridge-source")).isEqualTo("github");
        assertThat(text(headers, "__streams.errors.offset")).isEqualTo("42");
        assertThat(text(headers, "__streams.errors.exception")).isEqualTo(IllegalArgumentException.class.getName());

        DeadLetter letter = DeadLetter.of(read(bytes("k-1"), bytes("body"), headers, 5));
        assertThat(letter.stage()).isEqualTo("normalize");
        assertThat(letter.subscription()).isNull();
        assertThat(letter.event().id()).isEqualTo("k-1");
        assertThat(letter.reason()).isEqualTo("not-normalizable");
        assertThat(letter.lastError()).isEqualTo("record has no header hookbridge-event-type");
        assertThat(letter.lastStatus()).isNull();
        assertThat(letter.replayable()).isFalse();
        assertThat(letter.toJson().getString("stage")).isEqualTo("normalize");
        assertThat(letter.toJson().getString("eventType")).isNull();
    }

    @Test
    void aStage1RecordWrittenBeforeTheStageHeaderIsStillReadAsStage1() {
        Headers headers = new RecordHeaders()
                .add("__streams.errors.message", bytes("record has no key (delivery id)"));
        DeadLetter letter = DeadLetter.of(read(null, bytes("x"), headers, 1));
        assertThat(letter.stage()).isEqualTo("normalize");
        assertThat(letter.reason()).isEqualTo("not-normalizable");
        assertThat(letter.lastError()).isEqualTo("record has no key (delivery id)");
    }

    private static ConsumerRecord<byte[], byte[]> read(byte[] key, byte[] value, Headers headers, long offset) {
        return new ConsumerRecord<>("dl", 0, offset, 1_000, TimestampType.CREATE_TIME, -1, -1, key, value,
                new RecordHeaders(headers.toArray()), Optional.empty());
    }

    private static String text(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
