package io.hookbridge.egress.delivery;

import io.hookbridge.common.config.DeliveryConfig;
import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.kafka.AsyncProducer;
import io.hookbridge.common.kafka.KafkaClients;
import io.hookbridge.common.metrics.Metrics;
import io.hookbridge.egress.events.Event;
import io.hookbridge.egress.retry.RetryTiers;
import io.hookbridge.egress.subscription.Subscription;
import io.hookbridge.egress.ssrf.TargetResolver;
import io.hookbridge.egress.subscription.Subscriptions;
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
import java.util.concurrent.Executors;

/**
 * Stage 2 of the egress, outbound delivery, put together from what the composition root ({@code Egress})
 * hands it (the producer, the subscription table, the SSRF guard, the retry tiers): the delivery consumer
 * ({@code topics.events} + retry tiers), one dispatcher shard per event loop sharing one pooled WebClient,
 * and the hand-off to the retry tiers and the dead letters.
 * <p>
 * Stop order: stop consuming, let work in flight finish or be handed on, commit, then close the
 * dispatchers and the client; the producer and the table belong to the caller.
 */
public final class DeliveryStage {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryStage.class);

    private final Vertx vertx;
    private final WebClient client;
    private final HandOff handOff;
    private final PollLoop consumer;
    private final String dispatchersId;
    private final List<Dispatcher> dispatchers;

    private DeliveryStage(Vertx vertx, WebClient client, HandOff handOff, PollLoop consumer, String dispatchersId,
                          List<Dispatcher> dispatchers) {
        this.vertx = vertx;
        this.client = client;
        this.handOff = handOff;
        this.consumer = consumer;
        this.dispatchersId = dispatchersId;
        this.dispatchers = List.copyOf(dispatchers);
    }

    public static Future<DeliveryStage> start(Vertx vertx, HookbridgeConfig config, Metrics metrics, AsyncProducer producer,
                                              Subscriptions store, TargetResolver resolver, RetryTiers tiers,
                                              SubscriptionGate gate, AttemptListener listener) {
        DeliveryConfig delivery = config.egress().delivery();
        DeliveryMetrics deliveryMetrics = new DeliveryMetrics(metrics.registry());
        WebClient client = client(vertx, delivery);
        HandOff handOff = new HandOff(vertx, producer, tiers, config.topics().deadLetters(), deliveryMetrics);
        Outbound out = new Outbound(delivery, store, resolver, client, handOff, tiers, deliveryMetrics, gate, listener);
        List<Dispatcher> dispatchers = new CopyOnWriteArrayList<>();
        int shards = Math.max(1, Runtime.getRuntime().availableProcessors());
        LoopLag loopLag = new LoopLag();
        return vertx.deployVerticle(() -> {
                    Dispatcher d = new Dispatcher(out, loopLag);
                    dispatchers.add(d);
                    return d;
                }, new DeploymentOptions().setInstances(shards))
                .map(id -> {
                    List<String> topics = new ArrayList<>();
                    topics.add(config.topics().events());
                    topics.addAll(tiers.topics());
                    PollLoop consumer = new PollLoop(consumer(config, metrics), topics, new RetryGate(tiers),
                            new FanOut(store), new Backpressure(delivery.maxOutstanding(), delivery.maxOutstandingBytes()),
                            new Shards(dispatchers), handOff, drainTimeout(delivery));
                    consumer.start();
                    LOG.info("delivering {} to subscribers ({} shards, retry tiers {})", config.topics().events(),
                            shards, tiers.topics());
                    return new DeliveryStage(vertx, client, handOff, consumer, id, dispatchers);
                })
                .onFailure(e -> client.close());
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

    /**
     * One attempt of {@code event} to {@code subscription} now, on the subscription's shard, outside its lane,
     * retries and policy (the test event); the attempt listener is told as for any attempt.
     *
     * @param replayOf the marker sent in {@code hookbridge-replay} and kept in the attempt's record
     */
    public Future<AttemptListener.Attempt> attemptNow(Subscription subscription, Event event, String replayOf) {
        return dispatchers.get(Math.floorMod(subscription.id().hashCode(), dispatchers.size()))
                .attemptNow(subscription, event, replayOf);
    }

    public boolean isRunning() {
        return consumer.isRunning();
    }

    /** Graceful: the blocking parts run on worker threads. */
    public Future<Void> stop() {
        long started = System.nanoTime();
        return vertx.executeBlocking(Executors.callable(() -> {
                    consumer.close();
                    handOff.close();
                }))
                .eventually(() -> vertx.undeploy(dispatchersId))
                .eventually(() -> vertx.executeBlocking(Executors.callable(() -> {
                    client.close();
                    LOG.info("delivery stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
                })))
                .mapEmpty();
    }
}
