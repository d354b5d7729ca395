package io.hookbridge.egress.subscription;

import io.hookbridge.common.config.ConfigException;
import io.hookbridge.common.config.KafkaSettings;
import io.hookbridge.common.kafka.AsyncProducer;
import io.hookbridge.common.kafka.TopicSnapshot;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * The subscription table: a compacted topic (key = id, value = JSON, tombstone = deleted) read whole
 * into memory at start and tailed from then on by one thread, so every egress instance sees a change
 * within a poll interval of it being written. Writes go through the idempotent producer and are applied
 * locally as soon as Kafka acknowledges them (read-your-writes for the admin API); the tail then applies
 * the same record again, and never an older one over a newer one (each entry keeps its offset).
 * Secrets and header values are sealed by the {@link SecretSealer} on the way in and opened on the way out:
 * only this class sees the stored form.
 */
public final class SubscriptionStore implements Subscriptions, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionStore.class);
    /** How long reading the whole table at start may take. */
    public static final Duration LOAD_TIMEOUT = Duration.ofSeconds(60);

    /**
     * A key's latest record; {@code subscription} is null after a tombstone. {@code sealedCurrent} is false
     * for a record in clear or under a previous key (counted at start: a change seals it anew).
     */
    private record Entry(Subscription subscription, long offset, boolean sealedCurrent) {
    }

    private final String topic;
    private final AsyncProducer producer;
    private final TopicSnapshot reader;
    private final SecretSealer sealer;
    /** Ids whose latest record is sealed under a key this process does not hold, and that key. */
    private final Map<String, String> unknownKey = new ConcurrentHashMap<>();
    private volatile RuntimeException loadFailure;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final Thread tailer;
    private volatile boolean running = true;

    public SubscriptionStore(KafkaSettings kafka, String topic, AsyncProducer producer, SecretSealer sealer) {
        this.topic = topic;
        this.producer = producer;
        this.sealer = sealer;
        this.reader = new TopicSnapshot(kafka, topic, "hookbridge-subscriptions-" + Long.toHexString(System.nanoTime()));
        this.tailer = new Thread(this::tail, "hookbridge-subscriptions");
        this.tailer.setDaemon(true);
    }

    public void start() {
        tailer.start();
    }

    /**
     * Blocks until the whole topic as it was at start has been read.
     *
     * @throws ConfigException when a subscription is sealed under a key this process does not hold
     */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        boolean done = loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (loadFailure != null) throw loadFailure;
        return done;
    }

    @Override
    public Subscription find(String id) {
        Entry e = entries.get(id);
        return e == null ? null : e.subscription;
    }

    @Override
    public List<Subscription> all() {
        return entries.values().stream().map(Entry::subscription).filter(Objects::nonNull)
                .sorted(Comparator.comparing(Subscription::createdAt).thenComparing(Subscription::id)).toList();
    }

    @Override
    public long version() {
        return version.get();
    }

    @Override
    public Future<Subscription> put(Subscription subscription) {
        byte[] value = sealer.seal(subscription.id(), subscription.toJson()).toBuffer().getBytes();
        return producer.send(new ProducerRecord<>(topic, key(subscription.id()), value))
                .map(metadata -> {
                    apply(subscription.id(), subscription, metadata.offset(), true);
                    return subscription;
                });
    }

    @Override
    public Future<Void> delete(String id) {
        return producer.send(new ProducerRecord<>(topic, key(id), null))
                .map(metadata -> {
                    apply(id, null, metadata.offset(), true);
                    return null;
                });
    }

    @Override
    public Future<Subscription> update(String id, UnaryOperator<Subscription> change) {
        Subscription current = find(id);
        if (current == null) return Future.failedFuture(new IllegalArgumentException("no subscription " + id));
        return put(change.apply(current));
    }

    private void tail() {
        try {
            reader.readToEnd(LOAD_TIMEOUT, this::apply);
            if (!unknownKey.isEmpty()) {
                // Delivering without them would drop their events as if they had been deleted: refuse to start.
                loadFailure = new ConfigException("egress.secretsKey", "subscriptions " + new TreeMap<>(unknownKey)
                        + " in " + topic + " are sealed with a key (id shown) that is neither egress.secretsKey nor one"
                        + " of egress.previousSecretsKeys");
                loaded.countDown();
                return;
            }
            long stale = entries.values().stream().filter(e -> e.subscription != null && !e.sealedCurrent).count();
            LOG.info("subscriptions loaded from {}: {} (secrets sealed with key {})", topic, all().size(), sealer.currentKeyId());
            if (stale > 0) {
                LOG.info("{} subscriptions are stored in clear or under a previous key; each is sealed with the current key"
                        + " when it changes (PATCH it with {{}} to do it now)", stale);
            }
            loaded.countDown();
            while (running) {
                reader.poll(this::apply);
            }
        } catch (WakeupException e) {
            if (running) LOG.error("subscription reader woken up unexpectedly", e);
        } catch (RuntimeException e) {
            LOG.error("subscription reader of {} stopped: {}", topic, e.toString(), e);
            if (loaded.getCount() > 0) {
                loadFailure = e;
                loaded.countDown();
            }
        } finally {
            reader.close();
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        String id = new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            apply(id, null, record.offset(), true);
            return;
        }
        try {
            JsonObject stored = new JsonObject(new String(record.value(), StandardCharsets.UTF_8));
            apply(id, Subscription.fromJson(sealer.open(id, stored)), record.offset(), sealer.isCurrent(stored));
        } catch (SecretSealer.UnknownKeyException e) {
            // Another instance may already run with a newer key: keep what we had rather than lose the subscription.
            unknownKey.put(id, e.keyId());
            LOG.error("subscription {} in {} is {}; this instance keeps its previous version", id, topic, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("subscription {} in {} is not readable, ignored: {}", id, topic, e.toString());
            apply(id, null, record.offset(), true);
        }
    }

    private void apply(String id, Subscription subscription, long offset, boolean sealedCurrent) {
        unknownKey.remove(id);
        entries.compute(id, (k, old) -> old != null && old.offset > offset ? old : new Entry(subscription, offset, sealedCurrent));
        version.incrementAndGet();
    }

    private static byte[] key(String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        running = false;
        reader.wakeAndJoin(tailer);
    }
}
