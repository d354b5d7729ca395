package io.hookbridge.egress.events;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The reading side of {@code topics.events} (the writing side is {@link CloudEventHeaders}): one event to
 * deliver, as read from {@code topics.events} or a retry topic: the delivery id, its
 * CloudEvents type, the original body and the event's own headers ({@code ce_*}, {@code content-type},
 * {@code content-encoding}),
 * which travel unchanged onto retry and dead-letter records. {@code httpHeaders} are the same headers in
 * the CloudEvents HTTP binary mode ({@code ce_type} becomes {@code ce-type}), computed once per record
 * rather than once per subscription and attempt.
 */
public record Event(String id, String type, byte[] body, List<Header> headers, List<Map.Entry<String, String>> httpHeaders) {

    /**
     * hookbridge's own headers on retry and dead-letter records (and on inbound records) share this prefix;
     * everything else on a record belongs to the event.
     */
    public static final String OWN_PREFIX = "hookbridge-";

    /** The CloudEvents type ({@code ce_type}) of a record, or "" when it has none: all that subscription matching needs. */
    public static String typeOf(ConsumerRecord<byte[], byte[]> record) {
        Header type = record.headers().lastHeader(CloudEventHeaders.TYPE);
        return type == null || type.value() == null ? "" : new String(type.value(), StandardCharsets.UTF_8);
    }

    public static Event of(ConsumerRecord<byte[], byte[]> record) {
        List<Header> own = new ArrayList<>();
        String id = null;
        String type = "";
        for (Header h : record.headers()) {
            if (h.key().startsWith(OWN_PREFIX)) continue;
            own.add(h);
            if (h.key().equals(CloudEventHeaders.ID) && h.value() != null) id = new String(h.value(), StandardCharsets.UTF_8);
            if (h.key().equals(CloudEventHeaders.TYPE) && h.value() != null) type = new String(h.value(), StandardCharsets.UTF_8);
        }
        if (id == null) id = record.key() == null ? record.topic() + "-" + record.partition() + "-" + record.offset()
                : new String(record.key(), StandardCharsets.UTF_8);
        List<Map.Entry<String, String>> http = new ArrayList<>();
        for (Header h : own) {
            String name = httpHeader(h.key());
            if (name != null && h.value() != null) http.add(Map.entry(name, new String(h.value(), StandardCharsets.UTF_8)));
        }
        return new Event(id, type, record.value() == null ? new byte[0] : record.value(), List.copyOf(own), List.copyOf(http));
    }

    /** CloudEvents HTTP binary mode: Kafka's {@code ce_type} becomes HTTP's {@code ce-type}. */
    private static String httpHeader(String kafkaHeader) {
        if (kafkaHeader.startsWith(CloudEventHeaders.KAFKA_PREFIX)) {
            return CloudEventHeaders.HTTP_PREFIX + kafkaHeader.substring(CloudEventHeaders.KAFKA_PREFIX.length());
        }
        if (kafkaHeader.equals(CloudEventHeaders.CONTENT_TYPE) || kafkaHeader.equals(CloudEventHeaders.CONTENT_ENCODING)) {
            return kafkaHeader;
        }
        return null;
    }

    public byte[] key() {
        return id.getBytes(StandardCharsets.UTF_8);
    }
}
