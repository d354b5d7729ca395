package io.hookbridge.egress.normalize;

import io.hookbridge.egress.deadletter.DeadLetterRecords;
import io.hookbridge.egress.events.CloudEventHeaders;
import io.hookbridge.egress.events.NotNormalizable;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.WindowStore;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Stage 1 for one inbound record, inside the task's exactly-once transaction:
 *
 * <pre>
 *   inbound record ──▶ normalize ──not a hookbridge webhook──▶ dead letters (original + error headers)
 *                         │
 *                         ▼
 *                 id seen in window? ──yes──▶ dropped (duplicate)
 *                         │ no: remember it
 *                         ▼
 *                 events topic (CloudEvent) ──▶ + each route whose type glob matches
 * </pre>
 *
 * Normalizing comes first so that a malformed record never claims its id in the window: a later, good
 * copy of the same delivery still goes through. The store put, the outputs and the input offset commit
 * together or not at all (exactly_once_v2), so a crash between them cannot lose or double an event.
 */
final class NormalizeProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    private final Duration window;
    private final Routes routes;
    private final NormalizeMetrics metrics;
    private final CloudEventHeaders cloudEvents = new CloudEventHeaders();
    private ProcessorContext<byte[], byte[]> context;
    private DeliveryIdWindow seen;

    NormalizeProcessor(Duration window, Routes routes, NormalizeMetrics metrics) {
        this.window = window;
        this.routes = routes;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        WindowStore<Bytes, byte[]> store = context.getStateStore(DeliveryIdWindow.STORE);
        this.seen = new DeliveryIdWindow(store, window);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Headers eventHeaders;
        try {
            eventHeaders = cloudEvents.of(record.key(), record.headers());
        } catch (NotNormalizable e) {
            context.forward(deadLetter(record, e), NormalizeTopology.DEAD_LETTERS);
            metrics.deadLettered();
            return;
        }
        if (!seen.firstSighting(record.key(), record.timestamp())) {
            metrics.duplicate();
            return;
        }
        Record<byte[], byte[]> event = new Record<>(record.key(), record.value(), record.timestamp(), eventHeaders);
        context.forward(event, NormalizeTopology.EVENTS);
        if (!routes.isEmpty()) route(event);
        metrics.forwarded();
    }

    private Record<byte[], byte[]> deadLetter(Record<byte[], byte[]> record, NotNormalizable reason) {
        RecordMetadata origin = context.recordMetadata().orElse(null);
        Headers headers = origin == null ? DeadLetterRecords.notNormalizable(record.headers(), null, -1, -1, reason)
                : DeadLetterRecords.notNormalizable(record.headers(), origin.topic(), origin.partition(), origin.offset(), reason);
        return record.withHeaders(headers);
    }

    private void route(Record<byte[], byte[]> event) {
        String type = new String(event.headers().lastHeader(CloudEventHeaders.TYPE).value(), StandardCharsets.UTF_8);
        for (Routes.Target target : routes.targets()) {
            if (target.matches(type)) {
                // Own headers per copy: the producer marks a sent record's headers read-only.
                context.forward(event.withHeaders(new RecordHeaders(event.headers().toArray())),
                        target.sink());
                metrics.routed(target.topic());
            }
        }
    }
}
