package io.hookbridge.standalone;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

import java.util.List;

/**
 * Drops the few WARN lines of Kafka and Vert.x that every clean start and stop of the standalone would print
 * and that ask nothing of its user, each matched by logger and text: every other line of the same loggers still
 * shows. Wired in logback.xml.
 */
public final class KnownHarmlessWarnings extends TurboFilter {

    private record Noise(String logger, String text) {
    }

    private static final List<Noise> NOISE = List.of(
            // The embedded broker's first start formats a new cluster: Kafka logs that at WARN on purpose, "you
            // will only ever see this once" (apache/kafka#12513, KAFKA-14177), but the standalone's temporary
            // broker is new at every start.
            new Noise("org.apache.kafka.controller.QuorumController", "The metadata log appears to be empty"),
            // Kafka Streams warns about any state.dir under java.io.tmpdir; without --data-dir the standalone's
            // state is temporary on purpose (deleted on exit).
            new Noise("org.apache.kafka.streams.processor.internals.StateDirectory", "Using an OS temp directory"),
            // Two clients asking for a topic the broker is creating anyway (its __consumer_offsets on the first
            // consumer group, a topic just created by hookbridge): since KAFKA-19596 (apache/kafka#20340) every
            // failed auto-creation is a WARN, this one included, though the topic is there.
            new Noise("kafka.server.DefaultAutoTopicCreationManager", "with error 'TOPIC_ALREADY_EXISTS'"),
            // Kafka 4.3's combined broker+controller shuts its controller-registration channel down twice; the
            // second close of the same NetworkClient only warns. Inside the broker's shutdown, nothing is lost.
            new Noise("org.apache.kafka.clients.NetworkClient", "close NetworkClient that has already been closed"),
            // The ingress's and the egress's HTTP servers each register Vert.x's connection gauges; Vert.x shares
            // one counter per gauge, and Micrometer warns about the second registration since 1.13.9
            // (vert-x3/vertx-micrometer-metrics#259, open).
            new Noise("io.micrometer.core.instrument.MeterRegistry", "already registered (MeterId{name='vertx."));

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != Level.WARN || format == null) return FilterReply.NEUTRAL;
        for (Noise noise : NOISE) {
            if (logger.getName().equals(noise.logger())
                    && MessageFormatter.arrayFormat(format, params).getMessage().contains(noise.text())) {
                return FilterReply.DENY;
            }
        }
        return FilterReply.NEUTRAL;
    }
}
