package io.hookbridge.common.record;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A verified webhook as it travels on {@code topics.inbound}: key = delivery id, value = the request body
 * byte for byte, and the headers of {@link InboundHeaders}.
 *
 * @param providerHeaders the provider's headers worth keeping, names lower-cased, without the {@code http-} prefix
 */
public record InboundWebhook(String deliveryId,
                             String source,
                             String eventType,
                             long receivedAt,
                             String contentType,
                             Map<String, String> providerHeaders,
                             byte[] body) {

    public ProducerRecord<byte[], byte[]> toRecord(String topic) {
        Headers headers = new RecordHeaders();
        headers.add(InboundHeaders.SOURCE, utf8(source));
        headers.add(InboundHeaders.EVENT_TYPE, utf8(eventType));
        headers.add(InboundHeaders.RECEIVED_AT, utf8(Long.toString(receivedAt)));
        if (contentType != null) {
            headers.add(InboundHeaders.CONTENT_TYPE, utf8(contentType));
        }
        providerHeaders.forEach((name, value) -> headers.add(InboundHeaders.HTTP_PREFIX + name, utf8(value)));
        return new ProducerRecord<>(topic, null, utf8(deliveryId), body, headers);
    }

    /**
     * Reads a record back. Throws {@link IllegalArgumentException} naming what is missing when the record
     * was not written by a hookbridge ingress.
     */
    public static InboundWebhook fromRecord(byte[] key, byte[] value, Headers headers) {
        if (key == null) throw new IllegalArgumentException("record has no key (delivery id)");
        String source = required(headers, InboundHeaders.SOURCE);
        String eventType = required(headers, InboundHeaders.EVENT_TYPE);
        long receivedAt;
        try {
            receivedAt = Long.parseLong(required(headers, InboundHeaders.RECEIVED_AT));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("header " + InboundHeaders.RECEIVED_AT + " is not epoch millis");
        }
        Map<String, String> provider = new LinkedHashMap<>();
        for (Header h : headers) {
            if (h.key().startsWith(InboundHeaders.HTTP_PREFIX) && h.value() != null) {
                provider.put(h.key().substring(InboundHeaders.HTTP_PREFIX.length()), text(h.value()));
            }
        }
        return new InboundWebhook(text(key), source, eventType, receivedAt,
                optional(headers, InboundHeaders.CONTENT_TYPE), provider, value == null ? new byte[0] : value);
    }

    public static InboundWebhook fromRecord(ConsumerRecord<byte[], byte[]> record) {
        return fromRecord(record.key(), record.value(), record.headers());
    }

    private static String required(Headers headers, String name) {
        String value = optional(headers, name);
        if (value == null) throw new IllegalArgumentException("record has no header " + name);
        return value;
    }

    private static String optional(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : text(h.value());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
