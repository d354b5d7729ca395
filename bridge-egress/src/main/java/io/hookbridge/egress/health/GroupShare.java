package io.hookbridge.egress.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * This instance's share of every rate limit: one over the number of members of the delivery consumer group,
 * asked of Kafka every {@code refreshMillis}. Until the first answer, and while Kafka does not answer, the
 * last known share stays (at start: 1, as if this instance were alone). The gauge
 * {@code hookbridge_delivery_instances} shows the count it divides by.
 */
public final class GroupShare implements DoubleSupplier, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupShare.class);

    private final Admin admin;
    private final String group;
    private final ScheduledExecutorService timer;
    private volatile double share = 1;
    private volatile int members;

    public GroupShare(Map<String, Object> adminProps, String group, long refreshMillis, MeterRegistry registry) {
        this.admin = Admin.create(adminProps);
        Gauge.builder("hookbridge.delivery.instances", this, GroupShare::members)
                .description("Egress instances delivering (members of the delivery consumer group), as this one last saw")
                .register(registry);
        this.group = group;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hookbridge-rate-share");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::refresh, 0, refreshMillis, TimeUnit.MILLISECONDS);
    }

    private void refresh() {
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups()
                    .get(group).get(5, TimeUnit.SECONDS);
            int n = description.members().size();
            if (n != members) LOG.info("{} egress instance(s) deliver: each allows 1/{} of every rate limit", n, Math.max(1, n));
            members = n;
            if (n > 0) share = 1.0 / n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("cannot describe group {}: {}", group, e.toString());
        }
    }

    @Override
    public double getAsDouble() {
        return share;
    }

    /** Members seen at the last answer (0 before it). */
    public int members() {
        return members;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close(java.time.Duration.ofSeconds(2));
    }
}
