package io.hookbridge.egress.health;

import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The operations topic's records as written, and what {@link ClusterHealth} makes of them. */
class OperationsRecordsTest {

    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    /** A record of {@code topics.operations} as a consumer reads it. */
    static ConsumerRecord<byte[], byte[]> record(HealthChange change, String instance) {
        ProducerRecord<byte[], byte[]> written = OperationsRecords.of("ops", change, instance);
        ConsumerRecord<byte[], byte[]> read = new ConsumerRecord<>("ops", 0, 0, written.key(), written.value());
        for (Header h : written.headers()) read.headers().add(h);
        return read;
    }

    private static ConsumerRecord<byte[], byte[]> change(HealthChange.Kind kind, String subscription, Instant at, String instance) {
        return record(new HealthChange(kind, subscription, at, new JsonObject().put("failingSince", at.minusSeconds(60))), instance);
    }

    @Test
    void aChangeIsABinaryModeCloudEventKeyedBySubscription() {
        ProducerRecord<byte[], byte[]> r = OperationsRecords.of("ops", new HealthChange(HealthChange.Kind.DISABLED, "sub_1", AT,
                new JsonObject().put("reason", "no success")), "egress-0-ab12");
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("sub_1");
        assertThat(r.timestamp()).isEqualTo(AT.toEpochMilli());
        assertThat(header(r, "ce_type")).isEqualTo("hookbridge.subscription.disabled");
        assertThat(header(r, "ce_time")).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(header(r, "ce_subject")).isEqualTo("sub_1");
        JsonObject data = new JsonObject(new String(r.value(), StandardCharsets.UTF_8));
        assertThat(data.getString("change")).isEqualTo("disabled");
        assertThat(data.getString("instance")).isEqualTo("egress-0-ab12");
        assertThat(data.getString("reason")).isEqualTo("no success");
    }

    @Test
    void clusterHealthKeepsOpenCircuitsPerInstanceUntilClosedDisabledOrStale() {
        ClusterHealth cluster = new ClusterHealth(Duration.ofMinutes(10));
        long now = AT.toEpochMilli();
        cluster.accept(change(HealthChange.Kind.CIRCUIT_OPENED, "sub_1", AT, "a"));
        cluster.accept(change(HealthChange.Kind.CIRCUIT_OPENED, "sub_1", AT.plusSeconds(30), "b"));
        assertThat(cluster.openCircuits("sub_1", now + 60_000)).extracting(ClusterHealth.OpenCircuit::instance)
                .containsExactlyInAnyOrder("a", "b");
        assertThat(cluster.failingSince("sub_1", now + 60_000)).isEqualTo(AT.minusSeconds(60).toEpochMilli());

        cluster.accept(change(HealthChange.Kind.CIRCUIT_CLOSED, "sub_1", AT.plusSeconds(40), "a"));
        assertThat(cluster.openCircuits("sub_1", now + 60_000)).extracting(ClusterHealth.OpenCircuit::instance).containsExactly("b");
        assertThat(cluster.openCircuits("sub_1", now + Duration.ofMinutes(11).toMillis())).as("not renewed: stale").isEmpty();

        cluster.accept(change(HealthChange.Kind.DISABLED, "sub_1", AT.plusSeconds(50), "b"));
        assertThat(cluster.openCircuits("sub_1", now + 60_000)).isEmpty();
        assertThat(cluster.failingSince("sub_1", now + 60_000)).isZero();

        cluster.accept(new ConsumerRecord<>("ops", 0, 1, null, "not json".getBytes(StandardCharsets.UTF_8)));
        assertThat(cluster.openCircuits("sub_2", now)).isEmpty();
    }

    private static String header(ProducerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
