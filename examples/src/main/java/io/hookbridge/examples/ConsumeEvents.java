package io.hookbridge.examples;

// docs/consuming.md shows this class from here to the end marker; a test keeps the two equal and runs it.
// tag::example[]
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Reads hookbridge's normalized events as CloudEvents: ConsumeEvents [bootstrap-servers] [topic]. */
public final class ConsumeEvents {

    /** A group of its own: consumers of one group share the partitions, so each service needs its own. */
    static final String GROUP_ID = "consume-events-example";

    public static void main(String[] args) throws InterruptedException {
        String bootstrapServers = args.length > 0 ? args[0] : "127.0.0.1:9092";
        String topic = args.length > 1 ? args[1] : "hookbridge.events";
        AtomicBoolean running = new AtomicBoolean(true);
        Thread loop = Thread.currentThread();
        // Ctrl-C: finish the batch in hand, commit it and leave the group before the JVM exits.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.set(false);
            try {
                loop.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        consume(bootstrapServers, topic, GROUP_ID, event -> System.out.printf("%s %s %s %s%n",
                event.getId(), event.getType(), event.getTime(),
                new String(event.getData().toBytes(), StandardCharsets.UTF_8)), running::get);
    }

    /** Hands every event to {@code handler}, committing after each batch, while {@code running} says so. */
    public static void consume(String bootstrapServers, String topic, String groupId,
                               Consumer<CloudEvent> handler, BooleanSupplier running) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                // Only what the egress committed: no duplicate, nothing it rolled back.
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                // The group's first run starts at the oldest event; later runs resume after the last commit.
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Key: the delivery id. Value: the CloudEvent, read from the ce_* headers and the original body.
        try (KafkaConsumer<String, CloudEvent> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new CloudEventDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (running.getAsBoolean()) {
                for (ConsumerRecord<String, CloudEvent> record : consumer.poll(Duration.ofMillis(500))) {
                    handler.accept(record.value());
                }
                consumer.commitSync(); // after handling: at-least-once for this service
            }
        } // close() leaves the group at once: a restarted consumer gets its partitions without waiting
    }
}
// end::example[]
