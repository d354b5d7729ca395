package io.hookbridge.egress.events;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class EventTest {

    private static ConsumerRecord<byte[], byte[]> record(RecordHeaders headers) {
        return new ConsumerRecord<>("events", 0, 7, 0, TimestampType.CREATE_TIME, 5, 2, bytes("d-1"), bytes("{}"),
                headers, Optional.empty());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anEventRecordBecomesAnEventWithItsHttpHeaders() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", bytes("1.0"));
        headers.add("ce_id", bytes("d-1"));
        headers.add("ce_type", bytes("github.push"));
        headers.add("content-type", bytes("application/json"));
        headers.add("content-encoding", bytes("gzip"));
        ConsumerRecord<byte[], byte[]> record = record(headers);

        Event event = Event.of(record);

        assertThat(event.id()).isEqualTo("d-1");
        assertThat(event.type()).isEqualTo("github.push").isEqualTo(Event.typeOf(record));
        assertThat(event.body()).asString(StandardCharsets.UTF_8).isEqualTo("{}");
        assertThat(event.httpHeaders()).containsExactly(Map.entry("ce-specversion", "1.0"), Map.entry("ce-id", "d-1"),
                Map.entry("ce-type", "github.push"), Map.entry("content-type", "application/json"),
                Map.entry("content-encoding", "gzip"));
    }

    @Test
    void theTypeThatMatchingUsesIsTheEventsOwnOrEmpty() {
        RecordHeaders retried = new RecordHeaders();
        retried.add("ce_type", bytes("stripe.charge.succeeded"));
        retried.add(Event.OWN_PREFIX + "attempts", bytes("2"));
        assertThat(Event.typeOf(record(retried))).isEqualTo(Event.of(record(retried)).type())
                .isEqualTo("stripe.charge.succeeded");

        assertThat(Event.typeOf(record(new RecordHeaders()))).isEmpty();
        assertThat(Event.of(record(new RecordHeaders())).type()).isEmpty();
    }
}
