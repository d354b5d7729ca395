package io.hookbridge.egress.testing;

import io.hookbridge.common.config.ConfigLoader;
import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.metrics.Metrics;
import io.hookbridge.common.kafka.KafkaAsyncProducer;
import io.hookbridge.common.kafka.KafkaClients;
import io.hookbridge.egress.Egress;
import io.hookbridge.egress.delivery.AttemptListener;
import io.hookbridge.egress.delivery.SubscriptionGate;
import io.hookbridge.egress.subscription.SecretSealer;
import io.hookbridge.egress.subscription.Subscription;
import io.hookbridge.egress.subscription.SubscriptionStore;
import io.hookbridge.testing.KafkaBroker;
import io.hookbridge.testing.TestTopics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real egress on the test broker with topics of its own, short retry schedule and timeout, and a
 * receiver on 127.0.0.1 (hence {@code allowPrivateTargets} unless a test says otherwise).
 */
public final class EgressFixture implements AutoCloseable {

    public static final String TOKEN = "test-admin-token";
    /** egress.secretsKey of every fixture (bytes 0..31). */
    public static final String SECRETS_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    public final String prefix = TestTopics.uniquePrefix();
    public final HookbridgeConfig config;
    public final Metrics metrics = new Metrics("test");
    public final Vertx vertx = metrics.newVertx(new VertxOptions(), Egress.VERTX_METRICS_OFF);
    public final Egress egress;
    public final Receiver receiver;
    public final AdminClient admin;
    public final EventPublisher events;

    /** @param delivery the YAML mapping of egress.delivery, e.g. {@code {allowPrivateTargets: true}} */
    public EgressFixture(String delivery) throws Exception {
        this(delivery, SubscriptionGate.OPEN, AttemptListener.NONE);
    }

    /** With a per-subscription policy and an attempt listener of the test's. */
    public EgressFixture(String delivery, SubscriptionGate gate, AttemptListener attempts) throws Exception {
        this.config = ConfigLoader.parse(yaml(prefix, delivery, 0, Files.createTempDirectory("egress-state").toString()), Map.of());
        this.receiver = Receiver.start(vertx);
        this.egress = Egress.start(vertx, config, metrics, gate, attempts).await(90, TimeUnit.SECONDS);
        this.admin = new AdminClient(egress.port(), TOKEN);
        this.events = new EventPublisher(config.topics().events());
    }

    public static String yaml(String prefix, String delivery, int port, String stateDir) {
        return yaml(prefix, delivery, port, stateDir, "{}");
    }

    /** @param clients a YAML mapping passed through to the Kafka consumers and Kafka Streams */
    public static String yaml(String prefix, String delivery, int port, String stateDir, String clients) {
        return """
                kafka: { bootstrapServers: "%s", consumer: %s, streams: %s }
                topics: { inbound: %s.inbound, events: %s.events, deadLetters: %s.dead-letters,
                          subscriptions: %s.subscriptions, retryPrefix: %s.retry, attempts: %s.attempts,
                          operations: %s.operations, partitions: 2 }
                egress:
                  port: %d
                  adminToken: %s
                  secretsKey: %s
                  applicationId: %s-egress
                  stateDir: %s
                  delivery: %s
                """.formatted(KafkaBroker.bootstrapServers(), clients, clients, prefix, prefix, prefix, prefix, prefix, prefix, prefix, port, TOKEN,
                SECRETS_KEY, prefix, stateDir, delivery);
    }

    public static SecretSealer sealer() {
        return SecretSealer.of(SECRETS_KEY, java.util.List.of());
    }

    /** A subscription as another instance reads it from the topic (secrets and header values included). */
    public Subscription stored(String id) throws Exception {
        try (KafkaAsyncProducer producer = KafkaAsyncProducer.create(KafkaClients.producer(config.kafka(), "fixture-reader"));
             SubscriptionStore store = new SubscriptionStore(config.kafka(), config.topics().subscriptions(), producer, sealer())) {
            store.start();
            if (!store.awaitLoaded(Duration.ofSeconds(30))) throw new IllegalStateException("table not loaded");
            return store.find(id);
        }
    }

    /** A counter of the process registry, 0 when it does not exist (yet). */
    public double counter(String name, String... tags) {
        var counter = metrics.registry().find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Override
    public void close() throws Exception {
        events.close();
        egress.stop().await(60, TimeUnit.SECONDS);
        receiver.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }
}
