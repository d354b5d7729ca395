package io.hookbridge.egress.delivery;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One event to deliver, as read from {@code topics.events} or a retry topic: the delivery id, its
 * CloudEvents type, the original body and the event's own headers ({@code ce_*}, {@code content-type}),
 * which travel unchanged onto retry and dead-letter records.
 */
public record Event(String id, String type, byte[] body, List<Header> headers) {

    public static Event of(ConsumerRecord<byte[], byte[]> record) {
        List<Header> own = new ArrayList<>();
        String id = null;
        String type = "";
        for (Header h : record.headers()) {
            if (h.key().startsWith(DeliveryHeaders.PREFIX)) continue;
            own.add(h);
            if (h.key().equals("ce_id") && h.value() != null) id = new String(h.value(), StandardCharsets.UTF_8);
            if (h.key().equals("ce_type") && h.value() != null) type = new String(h.value(), StandardCharsets.UTF_8);
        }
        if (id == null) id = record.key() == null ? record.topic() + "-" + record.partition() + "-" + record.offset()
                : new String(record.key(), StandardCharsets.UTF_8);
        return new Event(id, type, record.value() == null ? new byte[0] : record.value(), List.copyOf(own));
    }

    public byte[] key() {
        return id.getBytes(StandardCharsets.UTF_8);
    }
}
