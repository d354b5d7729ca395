package io.hookbridge.egress.delivery;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One event to deliver, as read from {@code topics.events} or a retry topic: the delivery id, its
 * CloudEvents type, the original body and the event's own headers ({@code ce_*}, {@code content-type}),
 * which travel unchanged onto retry and dead-letter records. {@code httpHeaders} are the same headers in
 * the CloudEvents HTTP binary mode ({@code ce_type} becomes {@code ce-type}), computed once per record
 * rather than once per subscription and attempt.
 */
public record Event(String id, String type, byte[] body, List<Header> headers, List<Map.Entry<String, String>> httpHeaders) {

    private static final String TYPE = "ce_type";

    /** The CloudEvents type ({@code ce_type}) of a record, or "" when it has none: all that subscription matching needs. */
    public static String typeOf(ConsumerRecord<byte[], byte[]> record) {
        Header type = record.headers().lastHeader(TYPE);
        return type == null || type.value() == null ? "" : new String(type.value(), StandardCharsets.UTF_8);
    }

    public static Event of(ConsumerRecord<byte[], byte[]> record) {
        List<Header> own = new ArrayList<>();
        String id = null;
        String type = "";
        for (Header h : record.headers()) {
            if (h.key().startsWith(DeliveryHeaders.PREFIX)) continue;
            own.add(h);
            if (h.key().equals("ce_id") && h.value() != null) id = new String(h.value(), StandardCharsets.UTF_8);
            if (h.key().equals(TYPE) && h.value() != null) type = new String(h.value(), StandardCharsets.UTF_8);
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
        if (kafkaHeader.startsWith("ce_")) return "ce-" + kafkaHeader.substring(3);
        if (kafkaHeader.equals("content-type")) return "content-type";
        return null;
    }

    public byte[] key() {
        return id.getBytes(StandardCharsets.UTF_8);
    }
}
