package io.hookbridge.egress;

import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.kafka.TopicSetup;
import io.hookbridge.common.kafka.TopicSetup.Spec;
import io.hookbridge.common.launch.Ports;
import io.hookbridge.common.launch.RunningRole;
import io.hookbridge.common.metrics.Metrics;
import io.hookbridge.egress.delivery.DeliveryStage;
import io.hookbridge.egress.http.EgressVerticle;
import io.hookbridge.egress.normalize.NormalizeService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.micrometer.MetricsDomain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;


/**
 * A running egress: stage 1 (dedupe + normalize, Kafka Streams) and the HTTP port. Used by
 * {@link EgressMain}, the standalone jar and the tests.
 */
public final class Egress implements RunningRole {

    private static final Logger LOG = LoggerFactory.getLogger(Egress.class);
    /**
     * Vert.x's per-request HTTP client metrics look up meters in the registry for every delivery attempt, about
     * 5 % of a delivering event loop's CPU (bench/README.md). hookbridge_delivery_attempts_total{subscription,outcome}
     * and hookbridge_delivery_seconds count the same attempts by what an operator asks about.
     */
    public static final Set<MetricsDomain> VERTX_METRICS_OFF = Set.of(MetricsDomain.HTTP_CLIENT);

    private final Vertx vertx;
    private final NormalizeService normalize;
    private final DeliveryStage delivery;
    private final String deploymentId;
    private final int port;

    private Egress(Vertx vertx, NormalizeService normalize, DeliveryStage delivery, String deploymentId, int port) {
        this.vertx = vertx;
        this.normalize = normalize;
        this.delivery = delivery;
        this.deploymentId = deploymentId;
        this.port = port;
    }

    /** Starts the egress; a config port of 0 takes a free port ({@link #port()} tells which). */
    public static Future<Egress> start(Vertx vertx, HookbridgeConfig config, Metrics metrics) {
        HookbridgeConfig cfg = new HookbridgeConfig(config.kafka(), config.topics(), config.ingress(),
                config.egress().withPort(Ports.resolve(config.egress().port())));
        return vertx.executeBlocking(() -> {
                    TopicSetup.ensure(cfg.kafka(), cfg.topics().partitions(), cfg.topics().replicationFactor(), List.of(
                            Spec.plain(cfg.topics().inbound()), Spec.plain(cfg.topics().events()),
                            Spec.plain(cfg.topics().deadLetters())));
                    NormalizeService normalize = new NormalizeService(cfg, metrics);
                    normalize.bindMetrics(metrics.registry());
                    normalize.start();
                    return normalize;
                })
                .compose(normalize -> DeliveryStage.start(vertx, cfg, metrics)
                        .compose(delivery -> vertx.deployVerticle(new EgressVerticle(cfg, metrics,
                                        () -> normalize.isRunning() && delivery.isRunning(), delivery.adminApi()))
                                .map(id -> {
                                    LOG.info("egress listening on :{}, normalizing {} -> {}", cfg.egress().port(),
                                            cfg.topics().inbound(), cfg.topics().events());
                                    return new Egress(vertx, normalize, delivery, id, cfg.egress().port());
                                })
                                .onFailure(e -> delivery.stop()))
                        .onFailure(e -> normalize.close()));
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        return normalize.isRunning();
    }

    /**
     * Graceful: stop the HTTP port, stop delivering (work in flight finishes or is handed on, offsets are
     * committed), then let Kafka Streams commit its last transaction and close.
     */
    @Override
    public Future<Void> stop() {
        return vertx.undeploy(deploymentId)
                .eventually(delivery::stop)
                .eventually(() -> vertx.executeBlocking(() -> {
                    normalize.close();
                    return null;
                }))
                .mapEmpty();
    }

}
