package io.hookbridge.egress.replay;

import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.kafka.KafkaClients;
import io.hookbridge.egress.events.Event;
import io.hookbridge.egress.events.EventTypes;
import io.hookbridge.egress.retry.RetryRecords;
import io.hookbridge.egress.retry.RetryTiers;
import io.hookbridge.egress.subscription.Subscription;
import io.hookbridge.egress.subscription.Subscriptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Deliveries again from {@code topics.events}. A replay reads a time range (Kafka's offsets-for-times on
 * the record timestamps) and writes every event whose type the subscription matches as work for that
 * subscription to the first retry tier, due now, with a fresh schedule and the replay's marker
 * ({@link RetryRecords#REPLAY_OF}: {@code replay:<job>} or {@code backfill:<job>}), which the delivery sends as
 * {@code hookbridge-replay}. The delivery consumer then takes it like any retry: the subscription's lane,
 * policy and retries apply, and live traffic keeps its own partitions. All replays of an instance together
 * write at most {@code egress.replay.perSecond} events per second, on at most {@code egress.replay.maxJobs}
 * threads of their own.
 */
public final class Replays implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Replays.class);
    private static final int MAX_UNACKNOWLEDGED = 500;
    private static final int KEPT_JOBS = 100;
    /**
     * Timestamps on a partition rise only roughly (several ingress instances, clocks): the replay reads from this
     * much before {@code since} to this much after {@code until}, and keeps exactly the records inside the range.
     */
    static final long REORDER_MARGIN_MS = 5 * 60_000;

    private final HookbridgeConfig config;
    private final Producer<byte[], byte[]> producer;
    private final RetryTiers tiers;
    private final Subscriptions store;
    private final ReplayRate rate;
    private final ExecutorService threads;
    private final Map<String, ReplayJob> jobs = new LinkedHashMap<>();

    public Replays(HookbridgeConfig config, Producer<byte[], byte[]> producer, RetryTiers tiers, Subscriptions store) {
        this.config = config;
        this.producer = producer;
        this.tiers = tiers;
        this.store = store;
        this.rate = new ReplayRate(config.egress().replay().perSecond());
        int max = config.egress().replay().maxJobs();
        this.threads = new ThreadPoolExecutor(max, max, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "hookbridge-replay");
            t.setDaemon(true);
            return t;
        });
        ((ThreadPoolExecutor) threads).allowCoreThreadTimeOut(true);
    }

    /** Thrown when {@code egress.replay.maxJobs} replays are running already. */
    public static final class Busy extends RuntimeException {
        Busy(int max) {
            super(max + " replays are running on this instance (egress.replay.maxJobs)");
        }
    }

    /**
     * Starts replaying {@code [sinceMillis, untilMillis)} to a subscription; returns at once.
     *
     * @param kind {@code replay} or {@code backfill}
     * @throws Busy when too many run already
     */
    public ReplayJob start(String kind, String subscription, long sinceMillis, long untilMillis) {
        ReplayJob job = new ReplayJob(kind, "rpl_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20),
                subscription, sinceMillis, untilMillis);
        try {
            threads.execute(() -> run(job));
        } catch (RejectedExecutionException e) {
            throw new Busy(config.egress().replay().maxJobs());
        }
        synchronized (jobs) {
            jobs.put(job.id(), job);
            if (jobs.size() > KEPT_JOBS) jobs.values().removeIf(j -> j.finished() && jobs.size() > KEPT_JOBS);
        }
        return job;
    }

    /** A replay started on this instance, or null. */
    public ReplayJob job(String id) {
        synchronized (jobs) {
            return jobs.get(id);
        }
    }

    /**
     * Writes one event again for each of {@code subscriptions}, due now, marked {@code marker}. Blocking until
     * Kafka has them all; call it off the event loop.
     */
    public void resend(ConsumerRecord<byte[], byte[]> record, List<String> subscriptions, String marker) throws Exception {
        Event event = Event.of(record);
        List<Future<RecordMetadata>> writes = new ArrayList<>();
        for (String s : subscriptions) writes.add(producer.send(RetryRecords.replay(tiers.first(), event, s, marker)));
        for (Future<RecordMetadata> w : writes) w.get(30, TimeUnit.SECONDS);
    }

    private void run(ReplayJob job) {
        Map<String, Object> props = KafkaClients.consumer(config.kafka(), "unused");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, config.egress().applicationId() + "-replay");
        try (Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            Map<TopicPartition, Long> end = assign(consumer, job);
            List<Future<RecordMetadata>> unacknowledged = new ArrayList<>();
            while (!end.isEmpty()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    Long last = end.get(tp);
                    if (last == null || r.offset() >= last) continue;
                    job.scanned.incrementAndGet();
                    if (r.timestamp() < job.sinceMillis() || r.timestamp() >= job.untilMillis()) continue;
                    Subscription s = store.find(job.subscription());
                    if (s == null) throw new IllegalStateException("the subscription was deleted");
                    if (!EventTypes.matches(s.eventTypes(), Event.typeOf(r))) continue;
                    rate.acquire();
                    unacknowledged.add(producer.send(RetryRecords.replay(tiers.first(), Event.of(r), s.id(), job.marker())));
                    job.queued.incrementAndGet();
                    if (unacknowledged.size() >= MAX_UNACKNOWLEDGED) acknowledged(unacknowledged);
                }
                end.keySet().removeIf(tp -> consumer.position(tp) >= end.get(tp));
                consumer.pause(consumer.assignment().stream().filter(tp -> !end.containsKey(tp)).toList());
            }
            acknowledged(unacknowledged);
            job.done();
            LOG.info("replay {} of {} done: {} events queued of {} read", job.id(), job.subscription(), job.queued.get(),
                    job.scanned.get());
        } catch (InterruptedException e) {
            job.failed("stopped");
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            job.failed(e.getMessage() == null ? e.toString() : e.getMessage());
            LOG.warn("replay {} of {} failed: {}", job.id(), job.subscription(), e.toString());
        }
    }

    /**
     * Assigns the partitions that hold records of the range, each at the first offset at or after {@code since}
     * (less the margin); returns where each must stop: the first offset at or after {@code until} (plus the
     * margin), else the end now.
     */
    private Map<TopicPartition, Long> assign(Consumer<byte[], byte[]> consumer, ReplayJob job) {
        List<TopicPartition> partitions = consumer.partitionsFor(config.topics().events(), Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        Map<TopicPartition, OffsetAndTimestamp> from = consumer.offsetsForTimes(
                times(partitions, job.sinceMillis() - REORDER_MARGIN_MS), Duration.ofSeconds(30));
        Map<TopicPartition, OffsetAndTimestamp> to = consumer.offsetsForTimes(
                times(partitions, job.untilMillis() + REORDER_MARGIN_MS), Duration.ofSeconds(30));
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        Map<TopicPartition, Long> start = new HashMap<>();
        Map<TopicPartition, Long> end = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp first = from.get(tp);
            if (first == null) continue; // nothing at or after since
            long stop = to.get(tp) != null ? to.get(tp).offset() : ends.get(tp);
            if (first.offset() >= stop) continue;
            start.put(tp, first.offset());
            end.put(tp, stop);
        }
        consumer.assign(start.keySet());
        start.forEach(consumer::seek);
        return end;
    }

    private static Map<TopicPartition, Long> times(List<TopicPartition> partitions, long millis) {
        return partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> millis));
    }

    private static void acknowledged(List<Future<RecordMetadata>> writes) throws Exception {
        for (Future<RecordMetadata> w : writes) w.get(60, TimeUnit.SECONDS);
        writes.clear();
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
