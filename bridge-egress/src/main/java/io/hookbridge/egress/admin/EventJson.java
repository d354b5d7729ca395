package io.hookbridge.egress.admin;

import io.hookbridge.egress.events.CloudEventHeaders;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An event of {@code topics.events} as the admin API shows it: its CloudEvent attributes ({@code ce_*} without
 * the prefix, {@code datacontenttype} from {@code content-type}), where it is, and the body: {@code data} as
 * text when it is UTF-8, else {@code dataBase64}.
 */
final class EventJson {

    private EventJson() {
    }

    static JsonObject of(ConsumerRecord<byte[], byte[]> record) {
        JsonObject json = new JsonObject();
        for (Header h : record.headers()) {
            if (h.value() == null) continue;
            String value = new String(h.value(), StandardCharsets.UTF_8);
            if (h.key().startsWith("ce_")) json.put(h.key().substring(3), value);
            if (h.key().equals(CloudEventHeaders.CONTENT_TYPE)) json.put("datacontenttype", value);
        }
        json.put("partition", record.partition()).put("offset", record.offset());
        byte[] body = record.value() == null ? new byte[0] : record.value();
        try {
            json.put("data", StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString());
        } catch (CharacterCodingException notText) {
            json.put("dataBase64", Base64.getEncoder().encodeToString(body));
        }
        return json;
    }
}
