package io.hookbridge.ingress.kafka;

import io.hookbridge.common.config.KafkaSettings;
import io.hookbridge.common.kafka.KafkaClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The largest record the inbound topic accepts ({@code max.message.bytes}), so that a webhook the broker
 * would refuse is answered 413 at once instead of travelling to the broker first. Read with an Admin call
 * at start (blocking: off the event loop); until it is known, nothing is refused here and the broker's own
 * refusal ({@code RecordTooLargeException}) is answered 413 just the same.
 */
public final class TopicLimit {

    /** A record batch's fixed header (v2 format). */
    static final int BATCH_OVERHEAD = 61;
    /** A record's own varints at their largest: length, attributes, timestamp and offset deltas, key and value lengths, header count. */
    static final int RECORD_OVERHEAD = 5 + 1 + 10 + 5 + 5 + 5 + 5;
    static final int HEADER_OVERHEAD = 5 + 5;

    private final String topic;
    /** Sizes are estimated before compression, so a compressing producer is left to the broker. */
    private final boolean uncompressed;
    private volatile int maxMessageBytes = -1;

    public TopicLimit(String topic, KafkaSettings kafka) {
        this.topic = topic;
        String compression = kafka.producer().get(ProducerConfig.COMPRESSION_TYPE_CONFIG);
        this.uncompressed = compression == null || compression.equals("none");
    }

    /** Asks the cluster for the topic's effective {@code max.message.bytes}. Blocking. */
    public void load(KafkaSettings kafka, long timeoutMs) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = Admin.create(KafkaClients.admin(kafka))) {
            // The call carries the timeout too, so that closing the client does not wait for default.api.timeout.ms.
            Config config = admin.describeConfigs(List.of(resource), new DescribeConfigsOptions().timeoutMs((int) timeoutMs))
                    .all().get(timeoutMs, TimeUnit.MILLISECONDS).get(resource);
            ConfigEntry entry = config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            set(Integer.parseInt(entry.value()));
        }
    }

    public void set(int bytes) {
        this.maxMessageBytes = bytes;
    }

    /** The topic's limit, or -1 while unknown. */
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    /** True when the topic certainly refuses this record. */
    public boolean refuses(ProducerRecord<byte[], byte[]> record) {
        int max = maxMessageBytes;
        return uncompressed && max > 0 && sizeUpperBound(record) > max;
    }

    /** The size of a batch holding only this record, at most (varints counted at their widest). */
    public static long sizeUpperBound(ProducerRecord<byte[], byte[]> record) {
        long size = BATCH_OVERHEAD + RECORD_OVERHEAD;
        size += record.key() == null ? 0 : record.key().length;
        size += record.value() == null ? 0 : record.value().length;
        for (Header header : record.headers()) {
            size += HEADER_OVERHEAD + Utils.utf8Length(header.key())
                    + (header.value() == null ? 0 : header.value().length);
        }
        return size;
    }
}
