package io.hookbridge.egress.health;

import io.hookbridge.common.config.KafkaSettings;
import io.hookbridge.common.kafka.TopicSnapshot;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The circuits of every egress instance, as {@code topics.operations} tells them: each instance reads the
 * topic whole at start and then tails it (no consumer group), so that an instance knows
 * <ul>
 *   <li>which circuits are open on other instances (shown by the admin API), and</li>
 *   <li>since when a subscription has been failing, also from before its own start: the auto-disable clock
 *       survives restarts and counts the failures any instance saw.</li>
 * </ul>
 * An open circuit announces itself again with every failed probe (at least every {@code maxCoolDown}), so an
 * entry not renewed for {@code staleAfter} is forgotten: an instance that died with an open circuit does not
 * leave it open here for ever.
 */
public final class ClusterHealth implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterHealth.class);
    private static final Duration FIRST_READ = Duration.ofSeconds(30);

    /** One instance's open circuit of one subscription. */
    public record OpenCircuit(String instance, Instant openedAt, Instant openUntil, Instant failingSince) {
    }

    private final long staleAfterMillis;
    private final Map<String, Map<String, OpenCircuit>> open = new ConcurrentHashMap<>();
    private final TopicSnapshot reader;
    private final Thread tailer;
    private volatile boolean running = true;

    /** Without a topic: only what {@link #accept} is given (tests). */
    ClusterHealth(Duration staleAfter) {
        this.staleAfterMillis = staleAfter.toMillis();
        this.reader = null;
        this.tailer = null;
    }

    private ClusterHealth(KafkaSettings kafka, String topic, Duration staleAfter) {
        this.staleAfterMillis = staleAfter.toMillis();
        this.reader = new TopicSnapshot(kafka, topic, "hookbridge-operations-" + Long.toHexString(System.nanoTime()));
        this.tailer = new Thread(this::tail, "hookbridge-operations");
        this.tailer.setDaemon(true);
    }

    /** Starts tailing {@code topic}; the first read happens on the tailing thread, start-up does not wait for it. */
    public static ClusterHealth start(KafkaSettings kafka, String topic, Duration staleAfter) {
        ClusterHealth health = new ClusterHealth(kafka, topic, staleAfter);
        health.tailer.start();
        return health;
    }

    private void tail() {
        try {
            reader.readToEnd(FIRST_READ, this::accept);
        } catch (WakeupException e) {
            return;
        } catch (RuntimeException e) {
            LOG.warn("cannot read the operations topic to its end: {}; tailing it from where the read got", e.toString());
        }
        while (running) {
            try {
                reader.poll(this::accept);
            } catch (WakeupException e) {
                // close() asks the loop to look at `running`
            } catch (RuntimeException e) {
                LOG.warn("reading the operations topic: {}", e.toString());
            }
        }
    }

    void accept(ConsumerRecord<byte[], byte[]> record) {
        JsonObject data;
        try {
            data = new JsonObject(new String(record.value(), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return; // not ours; the topic is for alerting, others may write to it
        }
        String subscription = data.getString("subscription");
        String instance = data.getString("instance");
        String change = data.getString("change");
        if (subscription == null || instance == null || change == null) return;
        try {
            switch (change) {
                case "circuit-opened" -> open.computeIfAbsent(subscription, k -> new ConcurrentHashMap<>()).put(instance,
                        new OpenCircuit(instance, data.getInstant("at"), data.getInstant("openUntil"), data.getInstant("failingSince")));
                case "circuit-closed" -> open.computeIfPresent(subscription, (k, byInstance) -> {
                    byInstance.remove(instance);
                    return byInstance.isEmpty() ? null : byInstance;
                });
                case "disabled" -> open.remove(subscription); // a re-enabled subscription starts over
                default -> { } // other changes say nothing about circuits
            }
        } catch (RuntimeException e) {
            LOG.debug("skipping an operations event of {}: {}", subscription, e.toString());
        }
    }

    /** The circuits of {@code subscription} open on any instance and renewed within {@code staleAfter}. */
    public List<OpenCircuit> openCircuits(String subscription, long nowMillis) {
        Map<String, OpenCircuit> byInstance = open.get(subscription);
        if (byInstance == null) return List.of();
        List<OpenCircuit> fresh = new ArrayList<>();
        for (OpenCircuit c : byInstance.values()) {
            if (c.openedAt() != null && nowMillis - c.openedAt().toEpochMilli() <= staleAfterMillis) fresh.add(c);
        }
        return fresh;
    }

    /** The earliest start of failing any instance with an open circuit reported, or 0 when none did. */
    public long failingSince(String subscription, long nowMillis) {
        long earliest = 0;
        for (OpenCircuit c : openCircuits(subscription, nowMillis)) {
            if (c.failingSince() == null) continue;
            long since = c.failingSince().toEpochMilli();
            if (earliest == 0 || since < earliest) earliest = since;
        }
        return earliest;
    }

    @Override
    public void close() {
        if (reader == null) return;
        running = false;
        reader.wakeAndJoin(tailer);
        reader.close();
    }
}
