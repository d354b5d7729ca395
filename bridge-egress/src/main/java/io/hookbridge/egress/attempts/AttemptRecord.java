package io.hookbridge.egress.attempts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One delivery attempt as written to {@code topics.attempts} (the value, JSON; the key is the subscription id,
 * the record's timestamp the attempt's start) and as the admin API answers it.
 *
 * @param subscription    whose attempt it was
 * @param eventId         the event's id ({@code ce_id}, the delivery id, the {@code webhook-id} sent)
 * @param eventType       its CloudEvents type
 * @param attempt         1 for the first attempt of a delivery, 2 for the first retry, ...
 * @param at              when the attempt started, RFC 3339 (UTC, milliseconds)
 * @param durationMs      from the start to the response or the failure, in milliseconds
 * @param outcome         {@code success}, {@code http-error}, {@code gone}, {@code timeout}, {@code connection-error}
 *                        or {@code refused} (as {@code hookbridge_delivery_attempts_total}'s {@code outcome})
 * @param status          the response's HTTP status; absent without a response
 * @param error           what went wrong, in words; absent on success
 * @param responseHeaders a few of the response's headers (content-type, retry-after, date, server)
 * @param responseBody    the response body's first 1 KiB as UTF-8 (malformed bytes replaced); absent when empty
 * @param replayOf        absent for a live delivery; else what it replays: {@code partition:offset} of a dead
 *                        letter, {@code replay:<job>}, {@code backfill:<job>}, {@code resend:<request>} or
 *                        {@code test}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AttemptRecord(String subscription, String eventId, String eventType, int attempt, String at,
                            double durationMs, String outcome, Integer status, String error,
                            Map<String, String> responseHeaders, String responseBody, String replayOf) {

    /** Thread-safe once built; unknown fields are skipped, so that a newer writer's records still read. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final JsonFactory FACTORY = JSON.getFactory();

    public boolean succeeded() {
        return "success".equals(outcome);
    }

    public byte[] toBytes() {
        return encode(subscription, eventId, eventType, attempt, at, durationMs, outcome, status == null ? 0 : status, error,
                responseHeaders == null ? null : List.copyOf(responseHeaders.entrySet()), responseBody, replayOf);
    }

    /**
     * The record's JSON, written field by field with a streaming generator: the same bytes as the data-binding
     * serializer gave (fields in the record's order, absent ones left out), at a fraction of its cost per attempt
     * (it ran on the event loop for every attempt). {@code status} 0 and an empty header list are left out.
     */
    static byte[] encode(String subscription, String eventId, String eventType, int attempt, String at, double durationMs,
                         String outcome, int status, String error, List<Map.Entry<String, String>> responseHeaders,
                         String responseBody, String replayOf) {
        // The builder's buffer comes from Jackson's recycler, as ObjectMapper.writeValueAsBytes does: only the
        // record's exact bytes are allocated per attempt.
        BufferRecycler recycler = FACTORY._getBufferRecycler();
        try (ByteArrayBuilder out = new ByteArrayBuilder(recycler)) {
            try (JsonGenerator g = FACTORY.createGenerator(out)) {
                g.writeStartObject();
                string(g, "subscription", subscription);
                string(g, "eventId", eventId);
                string(g, "eventType", eventType);
                g.writeNumberField("attempt", attempt);
                string(g, "at", at);
                g.writeFieldName("durationMs");
                g.writeNumber(millis(durationMs));
                string(g, "outcome", outcome);
                if (status > 0) g.writeNumberField("status", status);
                string(g, "error", error);
                if (responseHeaders != null && !responseHeaders.isEmpty()) {
                    g.writeObjectFieldStart("responseHeaders");
                    for (Map.Entry<String, String> h : responseHeaders) g.writeStringField(h.getKey(), h.getValue());
                    g.writeEndObject();
                }
                string(g, "responseBody", responseBody);
                string(g, "replayOf", replayOf);
                g.writeEndObject();
            }
            return out.getClearAndRelease();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            recycler.releaseToPool();
        }
    }

    /**
     * A duration in ms with at most three decimals as {@link Double#toString} writes it ({@code 84.211}, {@code 12.0}),
     * from its whole microseconds: formatting the double was a sixth of the encoder's cost.
     */
    static String millis(double durationMs) {
        long micros = Math.round(durationMs * 1000);
        if (micros < 0 || micros >= 10_000_000_000L) return Double.toString(durationMs); // never for a real duration
        long fraction = micros % 1000;
        StringBuilder out = new StringBuilder(16).append(micros / 1000).append('.');
        if (fraction == 0) return out.append('0').toString();
        out.append((char) ('0' + fraction / 100));
        if (fraction % 100 != 0) out.append((char) ('0' + fraction / 10 % 10));
        if (fraction % 10 != 0) out.append((char) ('0' + fraction % 10));
        return out.toString();
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) g.writeStringField(name, value);
    }

    /** The second of the last {@link #at} call and its text without the zone; every attempt of a second shares it. */
    private record Second(long epochSecond, String text) {
    }

    private static volatile Second lastSecond = new Second(Long.MIN_VALUE, "");

    /** Epoch ms as {@link Instant#toString()} writes it ({@code 2026-12-02T16:00:05.120Z}, no fraction on a whole second), cheaper. */
    static String at(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        int millis = (int) Math.floorMod(epochMillis, 1000);
        Second s = lastSecond;
        if (s.epochSecond() != second) {
            String whole = Instant.ofEpochSecond(second).toString();
            s = new Second(second, whole.substring(0, whole.length() - 1));
            lastSecond = s;
        }
        if (millis == 0) return s.text() + "Z";
        return new StringBuilder(s.text().length() + 5).append(s.text()).append('.')
                .append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10)).append((char) ('0' + millis % 10))
                .append('Z').toString();
    }

    /** What the index keeps of a record beside its bytes. */
    record Summary(String subscription, String eventId, double durationMs, boolean succeeded) {
    }

    /**
     * The four fields the index needs, read with a streaming parser that skips the rest (the response body
     * included) instead of binding the whole record: the indexer reads every attempt.
     *
     * @throws UncheckedIOException when the bytes are not a JSON object
     */
    static Summary summary(byte[] json) {
        String subscription = null;
        String eventId = null;
        double durationMs = 0;
        boolean succeeded = false;
        int seen = 0;
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "subscription" -> subscription = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "eventId" -> eventId = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "durationMs" -> durationMs = value.isNumeric() ? p.getDoubleValue() : 0;
                    case "outcome" -> succeeded = value == JsonToken.VALUE_STRING && "success".equals(p.getText());
                    default -> {
                        p.skipChildren();
                        continue;
                    }
                }
                if (++seen == 4) break; // the four are read: the rest (the response body too) is not
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Summary(subscription, eventId, durationMs, succeeded);
    }

    /** @throws UncheckedIOException when the bytes are not an attempt record */
    public static AttemptRecord parse(byte[] json) {
        try {
            return JSON.readValue(json, AttemptRecord.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
