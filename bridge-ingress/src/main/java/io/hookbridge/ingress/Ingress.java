package io.hookbridge.ingress;

import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.config.SourceConfig;
import io.hookbridge.common.kafka.KafkaHealth;
import io.hookbridge.common.kafka.TopicSetup;
import io.hookbridge.common.launch.Ports;
import io.hookbridge.common.launch.RunningRole;
import io.hookbridge.common.metrics.Metrics;
import io.hookbridge.ingress.http.IngressMetrics;
import io.hookbridge.ingress.http.IngressVerticle;
import io.hookbridge.ingress.kafka.KafkaInboundSender;
import io.hookbridge.ingress.verify.Verifier;
import io.hookbridge.ingress.verify.Verifiers;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A running ingress: one shared producer, readiness, and one {@link IngressVerticle} per core. Used by
 * {@link IngressMain}, the standalone jar and the tests.
 */
public final class Ingress implements RunningRole {

    private static final Logger LOG = LoggerFactory.getLogger(Ingress.class);

    private final Vertx vertx;
    private final KafkaInboundSender sender;
    private final KafkaHealth health;
    private final String deploymentId;
    private final int port;

    private Ingress(Vertx vertx, KafkaInboundSender sender, KafkaHealth health, String deploymentId, int port) {
        this.vertx = vertx;
        this.sender = sender;
        this.health = health;
        this.deploymentId = deploymentId;
        this.port = port;
    }

    /** Starts the ingress; a config port of 0 takes a free port ({@link #port()} tells which). */
    public static Future<Ingress> start(Vertx vertx, HookbridgeConfig config, Metrics metrics) {
        HookbridgeConfig cfg = new HookbridgeConfig(config.kafka(), config.topics(),
                config.ingress().withPort(Ports.resolve(config.ingress().port())), config.egress());
        Map<String, Verifier> verifiers = new LinkedHashMap<>();
        for (Map.Entry<String, SourceConfig> e : cfg.ingress().sources().entrySet()) {
            verifiers.put(e.getKey(), Verifiers.forSource(e.getKey(), e.getValue()));
        }
        KafkaInboundSender sender = KafkaInboundSender.create(cfg);
        metrics.bind(sender.producer());
        KafkaHealth health = new KafkaHealth(vertx, cfg.kafka(), 2000);
        IngressMetrics ingressMetrics = new IngressMetrics(metrics.registry());
        int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
        return warmUp(vertx, sender, cfg)
                .compose(v -> vertx.deployVerticle(
                        () -> new IngressVerticle(cfg, verifiers, sender, metrics, ingressMetrics, health::isReady),
                        new DeploymentOptions().setInstances(instances)))
                .map(id -> {
                    LOG.info("ingress listening on :{} ({} verticles, sources {})", cfg.ingress().port(), instances,
                            verifiers.keySet());
                    return new Ingress(vertx, sender, health, id, cfg.ingress().port());
                })
                .onFailure(e -> {
                    health.close();
                    sender.close();
                });
    }

    /**
     * Creates the inbound topic if needed and fetches its metadata once, off the event loop, so the first
     * request does not wait for it. Kafka being down is no reason not to start: readiness says it.
     */
    private static Future<Void> warmUp(Vertx vertx, KafkaInboundSender sender, HookbridgeConfig cfg) {
        return vertx.<Void>executeBlocking(() -> {
            try {
                TopicSetup.ensure(cfg.kafka(), cfg.topics().partitions(), cfg.topics().replicationFactor(),
                        List.of(TopicSetup.Spec.plain(cfg.topics().inbound())));
                sender.producer().partitionsFor(cfg.topics().inbound());
            } catch (RuntimeException e) {
                LOG.warn("Kafka metadata for {} not available yet: {}", cfg.topics().inbound(), e.toString());
            }
            return null;
        });
    }

    public int port() {
        return port;
    }

    public boolean isReady() {
        return health.isReady();
    }

    /** Graceful: stop accepting, let requests in flight get their Kafka ack, flush and close the producer. */
    @Override
    public Future<Void> stop() {
        return vertx.undeploy(deploymentId)
                .eventually(() -> vertx.executeBlocking(() -> {
                    health.close();
                    sender.close();
                    return null;
                }))
                .mapEmpty();
    }

}
