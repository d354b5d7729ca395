package io.hookbridge.common.record;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.util.Map;

import static io.hookbridge.common.kafka.HeaderValues.utf8;

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
}
