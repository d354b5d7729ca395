package io.hookbridge.egress.normalize;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A dead letter of stage 1: the inbound record as it was (key, value, timestamp, headers) plus headers
 * that say where it came from and why it was refused. The names are Kafka Streams' own dead-letter
 * headers (KIP-1034, the counterpart of Kafka Connect's {@code __connect.errors.*}), so tools that read a
 * Streams or Connect dead-letter queue read these too. No stack trace: a refusal is a verdict, not a bug.
 */
final class DeadLetters {

    static final String TOPIC = "__streams.errors.topic";
    static final String PARTITION = "__streams.errors.partition";
    static final String OFFSET = "__streams.errors.offset";
    static final String EXCEPTION = "__streams.errors.exception";
    static final String MESSAGE = "__streams.errors.message";

    private DeadLetters() {
    }

    static Record<byte[], byte[]> of(Record<byte[], byte[]> record, Optional<RecordMetadata> origin, Exception reason) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        origin.ifPresent(o -> {
            headers.add(TOPIC, utf8(o.topic()));
            headers.add(PARTITION, utf8(Integer.toString(o.partition())));
            headers.add(OFFSET, utf8(Long.toString(o.offset())));
        });
        headers.add(EXCEPTION, utf8(reason.getClass().getName()));
        headers.add(MESSAGE, utf8(String.valueOf(reason.getMessage())));
        return new Record<>(record.key(), record.value(), record.timestamp(), headers);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
