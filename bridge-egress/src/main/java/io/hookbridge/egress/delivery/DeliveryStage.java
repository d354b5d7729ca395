package io.hookbridge.egress.delivery;

import io.hookbridge.common.config.DeliveryConfig;
import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.kafka.KafkaClients;
import io.hookbridge.common.kafka.TopicSetup;
import io.hookbridge.common.kafka.TopicSetup.Spec;
import io.hookbridge.common.metrics.Metrics;
import io.hookbridge.egress.admin.AdminApi;
import io.hookbridge.egress.deadletter.DeadLetterReader;
import io.hookbridge.egress.kafka.AsyncProducer;
import io.hookbridge.egress.ssrf.TargetPolicy;
import io.hookbridge.egress.ssrf.TargetResolver;
import io.hookbridge.egress.subscription.SubscriptionStore;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stage 2 of the egress, outbound delivery, put together: the subscription table, the delivery consumer
 * ({@code topics.events} + retry tiers), one dispatcher shard per event loop sharing one pooled
 * WebClient, and the admin API that the egress's HTTP port mounts.
 * <p>
 * Stop order: stop consuming, let work in flight finish or be handed on, commit, then close the
 * dispatchers, the producer and the subscription reader.
 */
public final class DeliveryStage {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryStage.class);
    /** How long a resolved (and vetted) address of a delivery target is reused. */
    private static final long DNS_TTL_MILLIS = 10_000;

    private final Vertx vertx;
    private final AsyncProducer producer;
    private final SubscriptionStore store;
    private final WebClient client;
    private final HandOff handOff;
    private final DeliveryConsumer consumer;
    private final String dispatchersId;
    private final AdminApi adminApi;

    private DeliveryStage(Vertx vertx, AsyncProducer producer, SubscriptionStore store, WebClient client, HandOff handOff,
                          DeliveryConsumer consumer, String dispatchersId, AdminApi adminApi) {
        this.vertx = vertx;
        this.producer = producer;
        this.store = store;
        this.client = client;
        this.handOff = handOff;
        this.consumer = consumer;
        this.dispatchersId = dispatchersId;
        this.adminApi = adminApi;
    }

    /** The topics stage 2 needs: the compacted subscription table, the dead letters and the retry tiers. */
    public static List<Spec> topics(HookbridgeConfig config) {
        List<Spec> specs = new ArrayList<>();
        specs.add(Spec.compacted(config.topics().subscriptions()));
        specs.add(Spec.plain(config.topics().deadLetters()));
        specs.add(Spec.plain(config.topics().events()));
        tiers(config).topics().forEach(t -> specs.add(Spec.plain(t)));
        return specs;
    }

    static RetryTiers tiers(HookbridgeConfig config) {
        return new RetryTiers(config.topics().retryPrefix(), config.egress().delivery().retrySchedule());
    }

    /** What the blocking part of the start hands to the rest. */
    private record Table(AsyncProducer producer, SubscriptionStore store) {
    }

    public static Future<DeliveryStage> start(Vertx vertx, HookbridgeConfig config, Metrics metrics) {
        DeliveryConfig delivery = config.egress().delivery();
        RetryTiers tiers = tiers(config);
        DeliveryMetrics deliveryMetrics = new DeliveryMetrics(metrics.registry());
        return vertx.executeBlocking(() -> {
            TopicSetup.ensure(config.kafka(), config.topics().partitions(), config.topics().replicationFactor(), topics(config));
            AsyncProducer producer = AsyncProducer.create(config.kafka(), "hookbridge-egress-delivery");
            metrics.bind(producer.producer());
            SubscriptionStore store = new SubscriptionStore(config.kafka(), config.topics().subscriptions(), producer);
            store.start();
            if (!store.awaitLoaded(Duration.ofSeconds(60))) {
                store.close();
                producer.close();
                throw new IllegalStateException("could not read " + config.topics().subscriptions() + " within 60 s");
            }
            return new Table(producer, store);
        }).compose(table -> {
            AsyncProducer producer = table.producer();
            SubscriptionStore store = table.store();
            TargetResolver resolver = new TargetResolver(vertx, TargetPolicy.of(delivery), DNS_TTL_MILLIS);
            WebClient client = client(vertx, delivery);
            HandOff handOff = new HandOff(vertx, producer, tiers, config.topics().deadLetters(), deliveryMetrics);
            Outbound out = new Outbound(delivery, store, resolver, client, handOff, tiers, deliveryMetrics);
            List<Dispatcher> dispatchers = new CopyOnWriteArrayList<>();
            int shards = Math.max(1, Runtime.getRuntime().availableProcessors());
            return vertx.deployVerticle(() -> {
                        Dispatcher d = new Dispatcher(out);
                        dispatchers.add(d);
                        return d;
                    }, new DeploymentOptions().setInstances(shards))
                    .map(id -> {
                        DeliveryConsumer consumer = new DeliveryConsumer(consumer(config, metrics), config.topics().events(),
                                tiers, store, new Shards(dispatchers), drainTimeout(delivery));
                        consumer.start();
                        AdminApi admin = new AdminApi(config.egress().adminToken(), delivery.rotationOverlap(), store,
                                resolver, new DeadLetterReader(config.kafka(), config.topics().deadLetters(),
                                Duration.ofSeconds(20)), handOff);
                        LOG.info("delivering {} to subscribers ({} shards, retry tiers {})", config.topics().events(),
                                shards, tiers.topics());
                        return new DeliveryStage(vertx, producer, store, client, handOff, consumer, id, admin);
                    })
                    .onFailure(e -> {
                        client.close();
                        store.close();
                        producer.close();
                    });
        });
    }

    /** One client for every delivery: keep-alive connections, pooled per target, spread over the event loops. */
    private static WebClient client(Vertx vertx, DeliveryConfig delivery) {
        WebClientOptions options = new WebClientOptions()
                .setKeepAlive(true)
                .setFollowRedirects(false)
                .setUserAgent("hookbridge-egress")
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, delivery.timeout().toMillis()))
                .setTcpNoDelay(true);
        PoolOptions pool = new PoolOptions()
                .setHttp1MaxSize(Math.max(64, delivery.maxInFlightPerSubscription() * 4));
        return WebClient.create(vertx, options, pool);
    }

    private static KafkaConsumer<byte[], byte[]> consumer(HookbridgeConfig config, Metrics metrics) {
        Map<String, Object> props = KafkaClients.consumer(config.kafka(), config.egress().applicationId() + "-delivery");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, config.egress().applicationId() + "-delivery");
        props.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props);
        metrics.bind(consumer);
        return consumer;
    }

    /** How long a stop or a revocation waits for work in flight: one attempt's timeout and some slack. */
    private static Duration drainTimeout(DeliveryConfig delivery) {
        return Duration.ofMillis(Math.min(20_000, delivery.timeout().toMillis() + 2_000));
    }

    public AdminApi adminApi() {
        return adminApi;
    }

    public SubscriptionStore subscriptions() {
        return store;
    }

    public boolean isRunning() {
        return consumer.isRunning();
    }

    /** Graceful; blocks, so the caller runs it off the event loop. */
    public Future<Void> stop() {
        long started = System.nanoTime();
        return vertx.executeBlocking(() -> {
                    consumer.close();
                    handOff.close();
                    return null;
                })
                .eventually(() -> vertx.undeploy(dispatchersId))
                .eventually(() -> vertx.executeBlocking(() -> {
                    client.close();
                    producer.close();
                    store.close();
                    LOG.info("delivery stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
                    return null;
                }))
                .mapEmpty();
    }
}
