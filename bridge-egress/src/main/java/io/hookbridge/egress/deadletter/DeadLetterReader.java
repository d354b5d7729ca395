package io.hookbridge.egress.deadletter;

import io.hookbridge.common.config.KafkaSettings;
import io.hookbridge.common.kafka.TopicSnapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the dead-letter topic from the beginning to its current end, without a consumer group (so
 * listing moves nobody's offsets). Blocking: call it off the event loop. When a delivery was
 * dead-lettered more than once (replayed, failed again), the latest one counts; every dead letter of
 * stage 1 (normalize) counts on its own.
 */
public final class DeadLetterReader {

    private final KafkaSettings kafka;
    private final String topic;
    private final Duration timeout;

    public DeadLetterReader(KafkaSettings kafka, String topic, Duration timeout) {
        this.kafka = kafka;
        this.topic = topic;
        this.timeout = timeout;
    }

    /** The latest dead letter of each (subscription, delivery id), and each of stage 1, oldest first. */
    public List<DeadLetter> latest() {
        Map<String, DeadLetter> latest = new LinkedHashMap<>();
        for (DeadLetter d : readAll()) {
            String key = d.replayable() ? d.subscription() + '\0' + d.event().id() : d.ref();
            latest.remove(key);
            latest.put(key, d);
        }
        return latest.values().stream().sorted(Comparator.comparing(DeadLetter::deadLetteredAt)).toList();
    }

    public List<DeadLetter> readAll() {
        List<DeadLetter> out = new ArrayList<>();
        try (TopicSnapshot snapshot = new TopicSnapshot(kafka, topic, "hookbridge-dead-letter-reader")) {
            snapshot.readToEnd(timeout, record -> out.add(DeadLetter.of(record)));
        }
        return out;
    }
}
