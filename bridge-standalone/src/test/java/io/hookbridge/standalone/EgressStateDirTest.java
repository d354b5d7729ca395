package io.hookbridge.standalone;

import io.hookbridge.common.config.ConfigLoader;
import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.metrics.Metrics;
import io.hookbridge.egress.Egress;
import io.hookbridge.testing.KafkaBroker;
import io.hookbridge.testing.TestTopics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** egress.stateDir: one instance at a time, and what another Kafka cluster left there is not restored. */
class EgressStateDirTest {

    private final Vertx vertx = new Metrics("test").newVertx(new VertxOptions());

    @AfterEach
    void close() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    @Test
    void aSecondEgressOnTheSameStateDirIsRefusedNamingTheKey() throws Exception {
        Path stateDir = Files.createTempDirectory("state-locked");
        HookbridgeConfig config = config(TestTopics.uniquePrefix(), stateDir);
        Egress first = Egress.start(vertx, config, new Metrics("test")).await(60, TimeUnit.SECONDS);
        try {
            assertThatThrownBy(() -> Egress.start(vertx, config, new Metrics("test")).await(60, TimeUnit.SECONDS))
                    .hasMessageContaining("egress.stateDir " + stateDir)
                    .hasMessageContaining("in use by another running egress");
        } finally {
            first.stop().await(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void stateOfAnotherKafkaClusterIsWipedBeforeStart() throws Exception {
        Path stateDir = Files.createTempDirectory("state-stale");
        String prefix = TestTopics.uniquePrefix();
        Path appDir = stateDir.resolve(prefix + "-egress");
        Path staleTask = Files.createDirectories(appDir.resolve("0_0").resolve("rocksdb"));
        Files.writeString(staleTask.resolve("stale.sst"), "from an earlier broker");
        Files.writeString(appDir.resolve("hookbridge-kafka-cluster-id"), "an-earlier-cluster");

        Egress egress = Egress.start(vertx, config(prefix, stateDir), new Metrics("test")).await(60, TimeUnit.SECONDS);
        try {
            assertThat(staleTask.resolve("stale.sst")).doesNotExist();
            assertThat(Files.readString(appDir.resolve("hookbridge-kafka-cluster-id")))
                    .isNotEqualTo("an-earlier-cluster").isNotBlank();
        } finally {
            egress.stop().await(60, TimeUnit.SECONDS);
        }
    }

    private static HookbridgeConfig config(String prefix, Path stateDir) {
        return ConfigLoader.parse("""
                kafka: { bootstrapServers: "%s" }
                topics: { inbound: %s.inbound, events: %s.events, deadLetters: %s.dead-letters, subscriptions: %s.subscriptions, retryPrefix: %s.retry, partitions: 1 }
                egress: { port: 0, adminToken: t, applicationId: %s-egress, stateDir: "%s" }
                """.formatted(KafkaBroker.bootstrapServers(), prefix, prefix, prefix, prefix, prefix, prefix, stateDir),
                Map.of());
    }
}
