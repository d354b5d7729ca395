package io.hookbridge.egress.normalize;

import io.cloudevents.CloudEvent;
import io.hookbridge.common.record.InboundWebhook;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/** Turns an inbound webhook record into its CloudEvent record. */
final class NormalizeProcessor extends ContextualProcessor<byte[], byte[], byte[], byte[]> {

    private final String eventsTopic;

    NormalizeProcessor(String eventsTopic) {
        this.eventsTopic = eventsTopic;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        InboundWebhook webhook = InboundWebhook.fromRecord(record.key(), record.value(), record.headers());
        CloudEvent event = CloudEvents.of(webhook);
        context().forward(new Record<>(record.key(), record.value(), record.timestamp(),
                CloudEvents.headers(event, eventsTopic)));
    }
}
