package io.hookbridge.ingress;

import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.kafka.KafkaClients;
import io.hookbridge.common.kafka.KafkaHealth;
import io.hookbridge.common.kafka.TopicPlan;
import io.hookbridge.common.launch.Ports;
import io.hookbridge.common.launch.RunningRole;
import io.hookbridge.common.metrics.Metrics;
import io.hookbridge.ingress.config.IngressConfigRules;
import io.hookbridge.ingress.http.IngressMetrics;
import io.hookbridge.ingress.http.IngressShared;
import io.hookbridge.ingress.http.IngressVerticle;
import io.hookbridge.ingress.kafka.KafkaInboundSender;
import io.hookbridge.ingress.kafka.TopicLimit;
import io.hookbridge.ingress.verify.Verifier;
import io.hookbridge.ingress.verify.VerifierRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.micrometer.MetricsDomain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * A running ingress: one shared producer, readiness, and one {@link IngressVerticle} per core. Used by
 * {@link IngressMain}, the standalone jar and the tests.
 */
public final class Ingress implements RunningRole {

    private static final Logger LOG = LoggerFactory.getLogger(Ingress.class);
    /** How long start-up waits for the inbound topic's metadata before serving anyway (readiness tells). */
    private static final long METADATA_WAIT_MS = 15_000;
    private static final long LIMIT_RETRY_MS = 10_000;
    /** How long start-up gives Kafka's admin calls: without Kafka, the ingress listens (not ready) after this. */
    private static final Duration ADMIN_WAIT = Duration.ofSeconds(10);
    /**
     * Vert.x's per-request HTTP server metrics look up five meters in the registry for every request, about
     * 8 % of an event loop's CPU at full load (bench/README.md). hookbridge_ingress_requests_total{source,outcome}
     * and hookbridge_ingress_ack_seconds count the same requests by what an operator asks about.
     */
    public static final Set<MetricsDomain> VERTX_METRICS_OFF = Set.of(MetricsDomain.HTTP_SERVER);

    private final Vertx vertx;
    private final KafkaInboundSender sender;
    private final KafkaHealth health;
    private final String deploymentId;
    private final int port;
    private final long limitTimer;

    private Ingress(Vertx vertx, KafkaInboundSender sender, KafkaHealth health, String deploymentId, int port, long limitTimer) {
        this.vertx = vertx;
        this.sender = sender;
        this.health = health;
        this.deploymentId = deploymentId;
        this.port = port;
        this.limitTimer = limitTimer;
    }

    /** Starts the ingress; a config port of 0 takes a free port ({@link #port()} tells which). */
    public static Future<Ingress> start(Vertx vertx, HookbridgeConfig config, Metrics metrics) {
        IngressConfigRules.check(config); // a value out of range: ConfigException, before anything starts
        HookbridgeConfig cfg = new HookbridgeConfig(config.kafka(), config.topics(),
                config.ingress().withPort(Ports.resolve(config.ingress().port())), config.egress());
        Map<String, Verifier> verifiers = VerifierRegistry.build(cfg.ingress().sources()); // a bad source: ConfigException
        KafkaInboundSender sender = KafkaInboundSender.create(cfg);
        metrics.bind(sender.producer());
        KafkaHealth health = new KafkaHealth(vertx, cfg.kafka(), 2000);
        TopicLimit limit = new TopicLimit(cfg.topics().inbound(), cfg.kafka());
        IngressShared shared = new IngressShared(cfg, verifiers, sender, limit, metrics,
                new IngressMetrics(metrics.registry()), health::isReady);
        int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
        return warmUp(vertx, sender, limit, cfg)
                .compose(v -> vertx.deployVerticle(() -> new IngressVerticle(shared), new DeploymentOptions().setInstances(instances)))
                .map(id -> {
                    LOG.info("ingress listening on :{} ({} verticles, sources {}, topic {} takes records up to {} bytes)",
                            cfg.ingress().port(), instances, verifiers.keySet(), cfg.topics().inbound(),
                            limit.maxMessageBytes() < 0 ? "(not known yet)" : limit.maxMessageBytes());
                    long timer = limit.maxMessageBytes() >= 0 ? -1 : vertx.setPeriodic(LIMIT_RETRY_MS, t -> retryLimit(vertx, limit, cfg, t));
                    return new Ingress(vertx, sender, health, id, cfg.ingress().port(), timer);
                })
                .onFailure(e -> {
                    health.close();
                    sender.close();
                });
    }

    /**
     * Off the event loop: creates the inbound topic if needed, reads what record size it accepts, and fetches
     * its metadata so that the first request's send() need not wait for it. Kafka being down is no reason not
     * to start: readiness says it, and requests are answered 503 until it is back.
     */
    private static Future<Void> warmUp(Vertx vertx, KafkaInboundSender sender, TopicLimit limit, HookbridgeConfig cfg) {
        return vertx.<Void>executeBlocking(() -> {
            String topic = cfg.topics().inbound();
            try {
                TopicPlan.of(cfg.topics()).plain(topic).ensure(cfg.kafka(), ADMIN_WAIT);
                limit.load(cfg.kafka(), 10_000);
            } catch (Exception e) {
                LOG.warn("Kafka not reachable at start ({}); topic {} and its size limit are checked later", e.getMessage(), topic);
                return null;
            }
            // send() never waits for metadata (max.block.ms=0), so wait for it here instead, on a worker thread.
            try {
                if (!KafkaClients.awaitMetadata(sender.producer(), topic, Duration.ofMillis(METADATA_WAIT_MS))) {
                    LOG.warn("no metadata for topic {} within {} ms", topic, METADATA_WAIT_MS);
                }
            } catch (RuntimeException e) {
                LOG.warn("no metadata for topic {}: {}", topic, e.toString());
            }
            return null;
        });
    }

    private static void retryLimit(Vertx vertx, TopicLimit limit, HookbridgeConfig cfg, long timer) {
        vertx.executeBlocking(() -> {
            limit.load(cfg.kafka(), 5_000);
            return null;
        }).onSuccess(v -> {
            vertx.cancelTimer(timer);
            LOG.info("topic {} takes records up to {} bytes", cfg.topics().inbound(), limit.maxMessageBytes());
        });
    }

    public int port() {
        return port;
    }

    /** Graceful: stop accepting, let requests in flight get their Kafka ack, flush and close the producer. */
    @Override
    public Future<Void> stop() {
        if (limitTimer >= 0) vertx.cancelTimer(limitTimer);
        return vertx.undeploy(deploymentId)
                .eventually(() -> vertx.executeBlocking(Executors.callable(() -> {
                    health.close();
                    sender.close();
                })))
                .mapEmpty();
    }
}
