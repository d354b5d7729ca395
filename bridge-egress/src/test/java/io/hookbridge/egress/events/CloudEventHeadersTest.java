package io.hookbridge.egress.events;

import io.cloudevents.CloudEvent;
import io.hookbridge.common.record.InboundWebhook;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudEventHeadersTest {

    private final CloudEventHeaders headers = new CloudEventHeaders();

    @Test
    void givesTheSameAttributesAsTheCloudEventsSdkBinding() {
        InboundWebhook webhook = new InboundWebhook("d3b07384-d9a0-4c9b-8f1e-6a1a2f3b4c5d", "stripe", "invoice.paid",
                1_714_566_896_789L, "application/json; charset=utf-8", Map.of("stripe-signature", "t=1,v1=ab"),
                "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8));
        ProducerRecord<byte[], byte[]> inbound = webhook.toRecord("in");

        Headers fast = headers.of(inbound.key(), inbound.headers());
        CloudEvent event = CloudEvents.of(webhook);
        Map<String, String> sdk = text(CloudEvents.headers(event, "events"));

        Map<String, String> ours = text(fast);
        assertThat(ours.keySet()).containsExactlyInAnyOrderElementsOf(sdk.keySet());
        for (String name : sdk.keySet()) {
            if (name.equals(CloudEventHeaders.TIME)) {
                assertThat(OffsetDateTime.parse(ours.get(name)).toInstant()).isEqualTo(OffsetDateTime.parse(sdk.get(name)).toInstant());
            } else {
                assertThat(ours.get(name)).as(name).isEqualTo(sdk.get(name));
            }
        }
        assertThat(ours).containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_id", "d3b07384-d9a0-4c9b-8f1e-6a1a2f3b4c5d")
                .containsEntry("ce_source", "/hookbridge/stripe")
                .containsEntry("ce_type", "stripe.invoice.paid")
                .containsEntry("ce_time", "2024-05-01T12:34:56.789Z")
                .containsEntry("content-type", "application/json; charset=utf-8");
    }

    @Test
    void theContentEncodingTravelsUnderItsOwnName() {
        ProducerRecord<byte[], byte[]> inbound = webhook("id-1", "github", "push", 0L, "application/json").toRecord("in");
        inbound.headers().add("content-encoding", "gzip".getBytes(StandardCharsets.US_ASCII));
        assertThat(text(headers.of(inbound.key(), inbound.headers()))).containsEntry("content-encoding", "gzip")
                .containsEntry("content-type", "application/json");
        ProducerRecord<byte[], byte[]> plain = webhook("id-2", "github", "push", 0L, "application/json").toRecord("in");
        assertThat(text(headers.of(plain.key(), plain.headers()))).doesNotContainKey("content-encoding");
    }

    @Test
    void withoutAContentTypeThereIsNoContentTypeHeader() {
        ProducerRecord<byte[], byte[]> inbound = webhook("id-1", "github", "push", 0L, null).toRecord("in");
        Map<String, String> ours = text(headers.of(inbound.key(), inbound.headers()));
        assertThat(ours).doesNotContainKey("content-type").containsEntry("ce_time", "1970-01-01T00:00:00.000Z");
    }

    @Test
    void timeIsRfc3339WithMillisInUtcForAnyInstant() {
        Rfc3339Millis format = new Rfc3339Millis();
        SplittableRandom random = new SplittableRandom(42);
        long[] fixed = {0, 999, 1000, 951_782_400_000L /* 2000-02-29 */, 1_709_164_799_999L, Rfc3339Millis.MAX};
        for (long millis : fixed) {
            assertThat(new String(format.format(millis), StandardCharsets.US_ASCII)).isEqualTo(reference(millis));
        }
        long millis = 1_700_000_000_000L;
        for (int i = 0; i < 100_000; i++) {
            // mostly forward in small steps, as records of a partition come, with a jump now and then
            millis = random.nextInt(20) == 0 ? random.nextLong(Rfc3339Millis.MAX + 1) : Math.min(Rfc3339Millis.MAX, millis + random.nextInt(700));
            assertThat(new String(format.format(millis), StandardCharsets.US_ASCII)).isEqualTo(reference(millis));
        }
    }

    @Test
    void aRecordWithoutKeyIsNotNormalizable() {
        ProducerRecord<byte[], byte[]> inbound = webhook("id-1", "github", "push", 1L, null).toRecord("in");
        assertThatThrownBy(() -> headers.of(null, inbound.headers()))
                .isInstanceOf(NotNormalizable.class).hasMessage("record has no key (delivery id)");
        assertThatThrownBy(() -> headers.of(new byte[0], inbound.headers()))
                .isInstanceOf(NotNormalizable.class).hasMessage("record has no key (delivery id)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hookbridge-source", "hookbridge-event-type", "hookbridge-received-at"})
    void aRecordMissingAContractHeaderIsNotNormalizable(String missing) {
        Headers inbound = webhook("id-1", "github", "push", 1L, "text/plain").toRecord("in").headers();
        inbound.remove(missing);
        assertThatThrownBy(() -> headers.of(bytes("id-1"), inbound))
                .isInstanceOf(NotNormalizable.class).hasMessage("record has no header " + missing);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "12a", "1.5", "253402300800000", "99999999999999999999"})
    void aReceivedAtThatIsNotEpochMillisIsNotNormalizable(String receivedAt) {
        Headers inbound = webhook("id-1", "github", "push", 1L, null).toRecord("in").headers();
        inbound.remove("hookbridge-received-at").add("hookbridge-received-at", bytes(receivedAt));
        assertThatThrownBy(() -> headers.of(bytes("id-1"), inbound))
                .isInstanceOf(NotNormalizable.class).hasMessageContaining("hookbridge-received-at is not epoch millis");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "git hub", "a/b", "ünï", "x?y"})
    void aSourceThatIsNotASourceNameIsNotNormalizable(String source) {
        Headers inbound = new RecordHeaders()
                .add("hookbridge-source", bytes(source))
                .add("hookbridge-event-type", bytes("push"))
                .add("hookbridge-received-at", bytes("1"));
        assertThatThrownBy(() -> headers.of(bytes("id-1"), inbound))
                .isInstanceOf(NotNormalizable.class).hasMessageContaining("hookbridge-source is not a source name");
    }

    private static String reference(long millis) {
        String iso = Instant.ofEpochMilli(millis).toString(); // drops zero millis, so pad it back
        return iso.length() == 20 ? iso.substring(0, 19) + ".000Z" : iso;
    }

    private static InboundWebhook webhook(String id, String source, String type, long receivedAt, String contentType) {
        return new InboundWebhook(id, source, type, receivedAt, contentType, new LinkedHashMap<>(), bytes("{}"));
    }

    private static Map<String, String> text(Headers headers) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Header h : headers) {
            assertThat(out).as("header %s once", h.key()).doesNotContainKey(h.key());
            out.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
