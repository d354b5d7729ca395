package io.hookbridge.egress;

import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.config.Secret;
import io.hookbridge.common.kafka.KafkaAsyncProducer;
import io.hookbridge.common.kafka.KafkaClients;
import io.hookbridge.common.launch.Ports;
import io.hookbridge.common.launch.RunningRole;
import io.hookbridge.common.metrics.Metrics;
import io.hookbridge.egress.admin.AdminApi;
import io.hookbridge.egress.config.EgressConfigRules;
import io.hookbridge.egress.attempts.AttemptIndex;
import io.hookbridge.egress.attempts.AttemptIndexer;
import io.hookbridge.egress.attempts.AttemptLog;
import io.hookbridge.egress.attempts.AttemptQueries;
import io.hookbridge.egress.deadletter.DeadLetterReader;
import io.hookbridge.egress.deadletter.Replayer;
import io.hookbridge.egress.delivery.AttemptListener;
import io.hookbridge.egress.delivery.DeliveryStage;
import io.hookbridge.egress.delivery.SubscriptionGate;
import io.hookbridge.egress.health.ClusterHealth;
import io.hookbridge.egress.health.GroupShare;
import io.hookbridge.egress.health.OperationsLog;
import io.hookbridge.egress.health.SubscriptionPolicy;
import io.hookbridge.egress.http.EgressVerticle;
import io.hookbridge.egress.normalize.LocalState;
import io.hookbridge.egress.normalize.NormalizeService;
import io.hookbridge.egress.replay.EventFetcher;
import io.hookbridge.egress.replay.Replays;
import io.hookbridge.egress.retry.RetryTiers;
import io.hookbridge.egress.ssrf.TargetPolicy;
import io.hookbridge.egress.ssrf.TargetResolver;
import io.hookbridge.egress.subscription.SecretSealer;
import io.hookbridge.egress.subscription.SubscriptionStore;
import io.hookbridge.egress.ui.Dashboard;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.micrometer.MetricsDomain;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running egress, and its composition root: every part is built here and handed down as what it needs.
 * <pre>
 *   topic plan (EgressTopics) ──> created first
 *   producer ─────────┬──> subscription table (SubscriptionStore) ──┬──> delivery (stage 2) ──┐
 *                     └──> dead-letter replay ──┐                   └──> admin API <──────────┤ HTTP port
 *   dead-letter reader ─────────────────────────┴──> admin API      normalize (stage 1) ──────┘ (readiness)
 *   delivery log: attempt writer (delivery's AttemptListener) ──> topics.attempts ──> attempt index ──> admin API
 *                 replays (topics.events ──> first retry tier)                          event fetcher ──┘
 * </pre>
 * Used by {@link EgressMain}, the standalone jar and the tests.
 */
public final class Egress implements RunningRole {

    private static final Logger LOG = LoggerFactory.getLogger(Egress.class);
    /**
     * Vert.x's per-request HTTP client metrics look up meters in the registry for every delivery attempt, about
     * 5 % of a delivering event loop's CPU (bench/README.md). hookbridge_delivery_attempts_total{subscription,outcome}
     * and hookbridge_delivery_seconds count the same attempts by what an operator asks about.
     */
    public static final Set<MetricsDomain> VERTX_METRICS_OFF = Set.of(MetricsDomain.HTTP_CLIENT);
    /** How long a resolved (and vetted) address of a delivery target is reused. */
    private static final long DNS_TTL_MILLIS = 10_000;
    /** How long listing or replaying the dead letters may read their topic. */
    private static final Duration DEAD_LETTER_READ = Duration.ofSeconds(20);
    /** How often this instance asks how many instances deliver (its share of every rate limit). */
    private static final long SHARE_REFRESH_MILLIS = 2_000;

    private final Vertx vertx;
    private final Kafka kafka;
    private final DeliveryStage delivery;
    private final String deploymentId;
    private final int port;

    /** The Kafka-facing parts that the blocking part of the start opens and every other part uses. */
    private record Kafka(KafkaAsyncProducer producer, SubscriptionStore store, NormalizeService normalize, DeliveryLog log,
                         GroupShare share, ClusterHealth cluster) {

        void close() {
            cluster.close();
            share.close();
            normalize.close();
            if (log != null) log.close();
            store.close();
            producer.close();
        }
    }

    /**
     * The delivery log (egress.attempts.enabled): the writer of topics.attempts, the local index every instance
     * keeps of it, and what answers from it (queries, replays).
     */
    private record DeliveryLog(AttemptLog writer, AttemptIndex index, AttemptIndexer indexer, EventFetcher fetcher,
                               Replays replays) {

        static DeliveryLog open(HookbridgeConfig cfg, KafkaAsyncProducer producer, SubscriptionStore store, Metrics metrics)
                throws InterruptedException {
            // An attempt record is never waited for: a short block at most, a bounded life, then it is counted lost.
            // Batched (100 ms, 128 KiB): one request per attempt cost ~25 us of broker CPU each, and each request and batch
            // costs the producer and the broker again (bench/README).
            Map<String, Object> props = KafkaClients.producer(cfg.kafka(), "hookbridge-egress-attempts", Map.of(
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 100,
                    ProducerConfig.LINGER_MS_CONFIG, 100,
                    ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024,
                    ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000));
            KafkaProducer<byte[], byte[]> attempts = new KafkaProducer<>(props);
            if (!KafkaClients.awaitMetadata(attempts, cfg.topics().attempts(), Duration.ofSeconds(30))) {
                attempts.close(Duration.ZERO);
                throw new IllegalStateException("no metadata of " + cfg.topics().attempts() + " within 30 s");
            }
            // Half the producer's buffer (kafka.producer's buffer.memory, 32 MiB by default), so that it never fills.
            long bufferBytes = Long.parseLong(String.valueOf(props.getOrDefault(ProducerConfig.BUFFER_MEMORY_CONFIG, 32L << 20)));
            AttemptLog writer = new AttemptLog(attempts, cfg.topics().attempts(), cfg.egress().attempts().maxPending(),
                    bufferBytes / 2, metrics.registry());
            AttemptIndex index = AttemptIndex.open(cfg.egress().stateDir().resolve("attempt-index"),
                    cfg.egress().attempts().indexCacheBytes());
            return new DeliveryLog(writer, index, AttemptIndexer.start(index, cfg), EventFetcher.create(cfg),
                    new Replays(cfg, producer.producer(), EgressTopics.tiers(cfg), store));
        }

        void close() {
            replays.close();
            writer.close();
            indexer.close();
            fetcher.close();
            index.close();
        }
    }

    private Egress(Vertx vertx, Kafka kafka, DeliveryStage delivery, String deploymentId, int port) {
        this.vertx = vertx;
        this.kafka = kafka;
        this.delivery = delivery;
        this.deploymentId = deploymentId;
        this.port = port;
    }

    /** Starts the egress; a config port of 0 takes a free port ({@link #port()} tells which). */
    public static Future<Egress> start(Vertx vertx, HookbridgeConfig config, Metrics metrics) {
        return start(vertx, config, metrics, SubscriptionGate.OPEN, AttemptListener.NONE);
    }

    /**
     * With the caller's attempt listener (told beside the delivery log) and, unless {@code gate} is
     * {@link SubscriptionGate#OPEN}, the caller's gate in place of the subscription policy (tests of the seams).
     */
    public static Future<Egress> start(Vertx vertx, HookbridgeConfig config, Metrics metrics, SubscriptionGate gate,
                                       AttemptListener attempts) {
        EgressConfigRules.check(config); // a bad target or route: ConfigException, before anything starts
        HookbridgeConfig cfg = new HookbridgeConfig(config.kafka(), config.topics(), config.ingress(),
                config.egress().withPort(Ports.resolve(config.egress().port())));
        RetryTiers tiers = EgressTopics.tiers(cfg);
        return vertx.executeBlocking(() -> openKafka(cfg, metrics)).compose(kafka -> {
            TargetResolver resolver = new TargetResolver(vertx, TargetPolicy.of(cfg.egress().delivery()), DNS_TTL_MILLIS);
            String instance = instanceName();
            SubscriptionPolicy policy = new SubscriptionPolicy(cfg.egress().delivery(), kafka.store(),
                    new OperationsLog(kafka.producer(), cfg.topics().operations(), metrics.registry(), instance),
                    kafka.share(), kafka.cluster(), instance);
            AdminApi admin = new AdminApi(cfg.egress().adminToken(), cfg.egress().delivery().rotationOverlap(), kafka.store(),
                    resolver, new DeadLetterReader(cfg.kafka(), cfg.topics().deadLetters(), DEAD_LETTER_READ),
                    new Replayer(kafka.producer(), tiers), policy);
            AtomicReference<DeliveryStage> started = new AtomicReference<>();
            DeliveryLog log = kafka.log();
            if (log != null) {
                admin.withDeliveryLog(new AttemptQueries(log.index()), log.fetcher(), log.replays(), kafka.store(), started::get);
            }
            return DeliveryStage.start(vertx, cfg, metrics, kafka.producer(), kafka.store(), resolver, tiers,
                            gate == SubscriptionGate.OPEN ? policy : gate, listener(attempts, log))
                    .onSuccess(started::set)
                    .compose(delivery -> vertx.deployVerticle(new EgressVerticle(cfg.egress().port(), metrics,
                                    () -> kafka.normalize().isRunning() && delivery.isRunning(), router -> {
                                        new Dashboard().mount(router); // first: its document needs no token
                                        admin.mount(router);
                                    }))
                            .map(id -> {
                                LOG.info("egress listening on :{}, normalizing {} -> {}", cfg.egress().port(),
                                        cfg.topics().inbound(), cfg.topics().events());
                                return new Egress(vertx, kafka, delivery, id, cfg.egress().port());
                            })
                            .onFailure(e -> delivery.stop()))
                    .onFailure(e -> vertx.executeBlocking(Executors.callable(kafka::close)));
        });
    }

    /** The caller's attempt listener and the delivery log's writer (when the log is on), both told each attempt. */
    private static AttemptListener listener(AttemptListener caller, DeliveryLog log) {
        if (log == null) return caller;
        if (caller == AttemptListener.NONE) return log.writer();
        AttemptListener writer = log.writer();
        return attempt -> {
            writer.attempted(attempt);
            caller.attempted(attempt);
        };
    }

    /** Blocking: the topics, the producer, the subscription table read whole, stage 1 (normalize) started. */
    private static Kafka openKafka(HookbridgeConfig cfg, Metrics metrics) throws InterruptedException {
        EgressTopics.plan(cfg).ensure(cfg.kafka());
        LocalState.prepare(cfg); // before anything opens egress.stateDir: one instance at a time, this cluster's state
        // Not the delivery consumer's client id (applicationId-delivery): the two clients' metrics would collide.
        // send() may wait this long for metadata on an event loop; a hand-off that fails is tried again. Its
        // linger of 1 ms (never applied while KafkaClients' linger.ms 0 came after it) batches a burst's deferrals.
        Map<String, Object> props = KafkaClients.producer(cfg.kafka(), cfg.egress().applicationId() + "-producer", Map.of(
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000,
                ProducerConfig.LINGER_MS_CONFIG, 1));
        KafkaAsyncProducer producer = KafkaAsyncProducer.create(props);
        metrics.bind(producer.producer());
        SubscriptionStore store = new SubscriptionStore(cfg.kafka(), cfg.topics().subscriptions(), producer, sealer(cfg));
        store.start();
        DeliveryLog log = null;
        try {
            // It also throws for a subscription sealed under a key this instance does not hold.
            if (!store.awaitLoaded(SubscriptionStore.LOAD_TIMEOUT)) {
                throw new IllegalStateException("could not read " + cfg.topics().subscriptions() + " within "
                        + SubscriptionStore.LOAD_TIMEOUT.toSeconds() + " s");
            }
            if (cfg.egress().attempts().enabled()) log = DeliveryLog.open(cfg, producer, store, metrics);
            NormalizeService normalize = new NormalizeService(cfg, metrics.registry());
            normalize.start();
            // The delivery consumer's group: its members share every rate limit.
            GroupShare share = new GroupShare(KafkaClients.admin(cfg.kafka()), cfg.egress().applicationId() + "-delivery",
                    SHARE_REFRESH_MILLIS, metrics.registry());
            // An open circuit announces itself again at least every maxCoolDown: older news is stale.
            ClusterHealth cluster = ClusterHealth.start(cfg.kafka(), cfg.topics().operations(),
                    cfg.egress().delivery().circuitBreaker().maxCoolDown().multipliedBy(2).plusMinutes(1));
            return new Kafka(producer, store, normalize, log, share, cluster);
        } catch (RuntimeException | InterruptedException e) {
            if (log != null) log.close();
            store.close();
            producer.close();
            throw e;
        }
    }

    /** The configured key; embedded without one (tests, benchmarks; never the egress jar), a key of this JVM's. */
    private static SecretSealer sealer(HookbridgeConfig cfg) {
        Secret key = cfg.egress().secretsKey();
        if (key == null || key.isBlank()) {
            LOG.warn("egress.secretsKey is not set: subscription secrets are sealed with a key that only this JVM knows");
            return SecretSealer.ephemeral();
        }
        return SecretSealer.of(key.value(), cfg.egress().previousSecretsKeys().stream().map(Secret::value).toList());
    }

    /** This instance in {@code topics.operations}: the pod's name where there is one, and a suffix per start. */
    private static String instanceName() {
        String host = System.getenv().getOrDefault("HOSTNAME", "egress");
        return host + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        return kafka.normalize().isRunning();
    }

    /**
     * Graceful: stop the HTTP port, stop delivering (work in flight finishes or is handed on, offsets are
     * committed), then close the producer and the table, and let Kafka Streams commit its last transaction.
     */
    @Override
    public Future<Void> stop() {
        return vertx.undeploy(deploymentId)
                .eventually(delivery::stop)
                .eventually(() -> vertx.executeBlocking(Executors.callable(kafka::close)))
                .mapEmpty();
    }
}
