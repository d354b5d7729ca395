package io.hookbridge.common.metrics;

import io.hookbridge.common.vertx.VertxTransport;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.transport.Transport;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.consumer.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;

/**
 * One Prometheus registry per process, shared by hookbridge's own meters, the JVM, Vert.x and the Kafka
 * clients, scraped on {@code GET /metrics}.
 */
public final class Metrics {

    private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public Metrics(String role) {
        registry.config().commonTags(List.of(Tag.of("role", role)));
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * A Vert.x instance whose HTTP server, client and event-loop metrics land in this registry, on
     * {@link VertxTransport#best()} (epoll on Linux: fewer syscalls and less garbage per request than NIO).
     */
    public Vertx newVertx(VertxOptions options) {
        return newVertx(options, Set.of());
    }

    /** As {@link #newVertx(VertxOptions)}, without the Vert.x metrics of the given {@link MetricsDomain}s. */
    public Vertx newVertx(VertxOptions options, Set<MetricsDomain> disabled) {
        MicrometerMetricsOptions metricsOptions = new MicrometerMetricsOptions().setEnabled(true);
        disabled.forEach(metricsOptions::addDisabledMetricsCategory);
        Transport transport = VertxTransport.best();
        LOG.info("Vert.x on the {} transport", transport.name());
        return Vertx.builder()
                .with(options.setMetricsOptions(metricsOptions))
                .withTransport(transport)
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
    }

    public void bind(Producer<?, ?> producer) {
        new KafkaClientMetrics(producer).bindTo(registry);
    }

    public void bind(Consumer<?, ?> consumer) {
        new KafkaClientMetrics(consumer).bindTo(registry);
    }

    public String scrape() {
        return registry.scrape();
    }
}
