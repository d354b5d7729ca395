package io.hookbridge.egress.health;

import io.hookbridge.common.config.CircuitBreakerConfig;
import io.hookbridge.common.config.DeliveryConfig;
import io.hookbridge.egress.delivery.Outcome;
import io.hookbridge.egress.delivery.SubscriptionGate.Admission;
import io.hookbridge.egress.subscription.RateLimit;
import io.hookbridge.egress.subscription.Subscription;
import io.hookbridge.egress.subscription.Subscriptions;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The policy on a fake clock, with the subscription table in memory: what it admits, the health it shows,
 * the changes it reports, and the auto-disable through the table.
 */
class SubscriptionPolicyTest {

    private static final long T = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();

    private final Table table = new Table();
    private final List<HealthChange> changes = new CopyOnWriteArrayList<>();
    private final DeliveryConfig config = new DeliveryConfig(null, null, null, null, null, null,
            new CircuitBreakerConfig(2, Duration.ofSeconds(10), Duration.ofMinutes(1)), Duration.ofHours(1),
            Duration.ofSeconds(30), null, null, null, null);
    private final ClusterHealth cluster = new ClusterHealth(Duration.ofMinutes(5));
    private final SubscriptionPolicy policy = new SubscriptionPolicy(config, table, changes::add, () -> 1.0, cluster, "me");

    @Test
    void aHealthySubscriptionIsActiveAndShowsItsLastSuccess() {
        Subscription s = table.add(subscription("sub_a"));
        assertThat(policy.admit(s, T).go()).isTrue();
        policy.record(s, success(200), T + 5);
        HealthView h = policy.health(s);
        assertThat(h.state()).isEqualTo("active");
        assertThat(h.lastSuccessAt()).isEqualTo(Instant.ofEpochMilli(T + 5));
        assertThat(h.lastFailureAt()).isNull();
        assertThat(h.toJson().getValue("lastFailure")).isNull();
        assertThat(changes).isEmpty();
    }

    @Test
    void theCircuitOpensDefersProbesAndClosesWithOneChangeEach() {
        Subscription s = table.add(subscription("sub_b"));
        policy.record(s, failure(503, "HTTP 503"), T);
        policy.record(s, failure(0, "timeout: no answer"), T + 1);

        HealthView open = policy.health(s);
        assertThat(open.state()).isEqualTo("circuit-open");
        assertThat(open.consecutiveFailures()).isEqualTo(2);
        assertThat(open.lastFailureError()).isEqualTo("timeout: no answer");
        assertThat(open.toJson().getJsonObject("lastFailure").containsKey("status")).isFalse();
        assertThat(open.circuitOpenUntil()).isEqualTo(Instant.ofEpochMilli(T + 1 + 10_000));
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(HealthChange.Kind.CIRCUIT_OPENED);
            assertThat(c.data().getInteger("consecutiveFailures")).isEqualTo(2);
            assertThat(c.data().getString("coolDown")).isEqualTo("10s");
        });

        Admission deferred = policy.admit(s, T + 2);
        assertThat(deferred.go()).isFalse();
        assertThat(deferred.reason()).isEqualTo(SubscriptionPolicy.CIRCUIT_OPEN);
        assertThat(deferred.untilMillis()).isEqualTo(T + 10_001);
        assertThat(policy.admit(s, T + 10_001).go()).as("the probe").isTrue();
        assertThat(policy.admit(s, T + 10_002).go()).isFalse();
        policy.record(s, success(204), T + 10_050);

        assertThat(policy.health(s).state()).isEqualTo("active");
        assertThat(changes).extracting(HealthChange::kind)
                .containsExactly(HealthChange.Kind.CIRCUIT_OPENED, HealthChange.Kind.CIRCUIT_CLOSED);
        assertThat(policy.admit(s, T + 10_051).go()).isTrue();
    }

    @Test
    void failingWithoutASuccessForDisableAfterDisablesThroughTheTableOnce() {
        Subscription s = table.add(subscription("sub_c"));
        policy.record(s, failure(500, "HTTP 500"), T);
        policy.record(s, failure(500, "HTTP 500"), T + Duration.ofMinutes(59).toMillis());
        assertThat(table.find("sub_c").enabled()).isTrue();

        policy.record(s, failure(502, "HTTP 502"), T + Duration.ofHours(1).toMillis());
        policy.record(s, failure(502, "HTTP 502"), T + Duration.ofHours(1).toMillis() + 1);

        Subscription disabled = table.find("sub_c");
        assertThat(disabled.enabled()).isFalse();
        assertThat(disabled.disabledReason()).contains("no successful delivery since 2026-12-01T00:00:00Z");
        assertThat(table.writes).isEqualTo(1);
        assertThat(changes).filteredOn(c -> c.kind() == HealthChange.Kind.DISABLED).singleElement()
                .satisfies(c -> assertThat(c.data().getJsonObject("lastFailure").getInteger("status")).isEqualTo(502));
        assertThat(policy.health(disabled).state()).isEqualTo("disabled");
        assertThat(policy.admit(disabled, T).go()).as("delivery dead-letters the work of a disabled subscription").isTrue();
    }

    @Test
    void failuresAnotherInstanceReportedStartTheDisableClockAndItsOpenCircuitShows() {
        Subscription s = table.add(subscription("sub_h"));
        long since = T - Duration.ofMinutes(59).toMillis();
        cluster.accept(OperationsRecordsTest.record(new HealthChange(HealthChange.Kind.CIRCUIT_OPENED, "sub_h",
                Instant.ofEpochMilli(T - 1000), new io.vertx.core.json.JsonObject()
                .put("failingSince", Instant.ofEpochMilli(since)).put("openUntil", Instant.ofEpochMilli(T + 29_000))), "other-1"));

        HealthView seen = policy.health(s, T);
        assertThat(seen.state()).as("open on another instance").isEqualTo("circuit-open");
        assertThat(seen.toJson().getJsonArray("circuitOpenElsewhere").getJsonObject(0).getString("instance")).isEqualTo("other-1");

        policy.record(s, failure(500, "HTTP 500"), T);
        assertThat(policy.health(s).failingSince()).isEqualTo(Instant.ofEpochMilli(since));
        policy.record(s, failure(500, "HTTP 500"), T + Duration.ofMinutes(1).toMillis());
        assertThat(table.find("sub_h").enabled()).as("59 + 1 minutes of failures: disableAfter reached").isFalse();
    }

    @Test
    void failuresSeenElsewhereBeforeThisInstancesLastSuccessDoNotCount() {
        Subscription s = table.add(subscription("sub_i"));
        policy.record(s, success(200), T);
        cluster.accept(OperationsRecordsTest.record(new HealthChange(HealthChange.Kind.CIRCUIT_OPENED, "sub_i",
                Instant.ofEpochMilli(T - 1000), new io.vertx.core.json.JsonObject()
                .put("failingSince", Instant.ofEpochMilli(T - Duration.ofHours(2).toMillis()))), "other-1"));
        policy.record(s, failure(500, "HTTP 500"), T + 10);
        assertThat(policy.health(s).failingSince()).isEqualTo(Instant.ofEpochMilli(T + 10));
    }

    @Test
    void aPausedSubscriptionsWorkIsDeferredByThePauseRecheck() {
        Subscription s = table.add(subscription("sub_d").paused(Instant.ofEpochMilli(T)));
        Admission a = policy.admit(s, T + 5);
        assertThat(a.reason()).isEqualTo(SubscriptionPolicy.PAUSED);
        assertThat(a.untilMillis()).isEqualTo(T + 5 + 30_000);
        assertThat(policy.health(s).state()).isEqualTo("paused");
        assertThat(policy.admit(s.resumed(Instant.ofEpochMilli(T + 6)), T + 6).go()).isTrue();
    }

    @Test
    void aRateLimitedSubscriptionIsDeferredOverItsLimit() {
        Subscription s = table.add(subscription("sub_e", new RateLimit(1, 2)));
        assertThat(policy.admit(s, T).go()).isTrue();
        assertThat(policy.admit(s, T).go()).isTrue();
        Admission a = policy.admit(s, T);
        assertThat(a.reason()).isEqualTo(SubscriptionPolicy.RATE_LIMITED);
        assertThat(a.untilMillis()).isEqualTo(T + 1000);
    }

    @Test
    void aDeletedSubscriptionIsForgottenOnceTheTableChanges() {
        Subscription s = table.add(subscription("sub_f"));
        policy.record(s, failure(500, "HTTP 500"), T);
        table.delete("sub_f");
        policy.admit(table.add(subscription("sub_g")), T);
        assertThat(policy.health(s).consecutiveFailures()).isZero();
    }

    private static Outcome success(int status) {
        return new Outcome("success", status, null, null, List.of(), new byte[0]);
    }

    private static Outcome failure(int status, String error) {
        return new Outcome(status == 0 ? "timeout" : "http-error", status, error, null, List.of(), new byte[0]);
    }

    private static Subscription subscription(String id) {
        return subscription(id, null);
    }

    private static Subscription subscription(String id, RateLimit rateLimit) {
        Instant created = Instant.ofEpochMilli(T - 1000);
        return new Subscription(id, "https://example.com/hook", List.of("*"), null, Map.of(), true,
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", null, null, created, created, null, rateLimit, null);
    }

    /** The subscription table in memory: what SubscriptionStore does, without Kafka. */
    private static final class Table implements Subscriptions {
        final Map<String, Subscription> rows = new ConcurrentHashMap<>();
        long version;
        int writes;

        Subscription add(Subscription s) {
            rows.put(s.id(), s);
            version++;
            return s;
        }

        @Override
        public Subscription find(String id) {
            return rows.get(id);
        }

        @Override
        public List<Subscription> all() {
            return new ArrayList<>(rows.values());
        }

        @Override
        public long version() {
            return version;
        }

        @Override
        public Future<Subscription> put(Subscription subscription) {
            writes++;
            return Future.succeededFuture(add(subscription));
        }

        @Override
        public Future<Void> delete(String id) {
            rows.remove(id);
            version++;
            return Future.succeededFuture();
        }

        @Override
        public Future<Subscription> update(String id, UnaryOperator<Subscription> change) {
            Subscription current = rows.get(id);
            if (current == null) return Future.failedFuture("no such subscription");
            return put(change.apply(current));
        }
    }
}
