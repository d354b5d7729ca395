package io.hookbridge.common.kafka;

import io.hookbridge.common.config.KafkaSettings;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Readiness: asks the cluster to describe itself every {@code periodMs}; ready while it answers. The
 * admin client completes on its own thread, so the event loop never waits.
 */
public final class KafkaHealth implements AutoCloseable {

    private final Admin admin;
    private final AtomicBoolean ready = new AtomicBoolean();
    private final Vertx vertx;
    private final long timer;

    public KafkaHealth(Vertx vertx, KafkaSettings kafka, long periodMs) {
        Map<String, Object> props = KafkaClients.admin(kafka);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "hookbridge-health");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1000, periodMs));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.max(1000, periodMs));
        this.admin = Admin.create(props);
        this.vertx = vertx;
        check();
        this.timer = vertx.setPeriodic(periodMs, id -> check());
    }

    private void check() {
        admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) 2000)).nodes()
                .whenComplete((nodes, error) -> ready.set(error == null && !nodes.isEmpty()));
    }

    public boolean isReady() {
        return ready.get();
    }

    @Override
    public void close() {
        vertx.cancelTimer(timer);
        admin.close(java.time.Duration.ofSeconds(1));
    }
}
