package io.hookbridge.egress.attempts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
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

    public boolean succeeded() {
        return "success".equals(outcome);
    }

    public byte[] toBytes() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
