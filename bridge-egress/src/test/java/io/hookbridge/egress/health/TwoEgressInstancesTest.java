package io.hookbridge.egress.health;

import io.hookbridge.common.config.ConfigLoader;
import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.metrics.Metrics;
import io.hookbridge.egress.Egress;
import io.hookbridge.egress.testing.EgressFixture;
import io.hookbridge.egress.testing.Receiver.Received;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two egress instances of one deployment (same application id and topics, each with its share of the
 * partitions): a subscription's rate limit holds over both (the receiver never sees more than the limit plus
 * the burst in any second, and still gets every event), and each shows the circuits open on the other.
 */
class TwoEgressInstancesTest {

    private static final String DELIVERY = "{ timeout: 3s, retrySchedule: [200ms, 1s, 5s], allowPrivateTargets: true }";
    private static final int PER_SECOND = 10;
    private static final int BURST = 5;
    private static EgressFixture f;
    private static Metrics secondMetrics;
    private static Egress second;

    @BeforeAll
    static void start() throws Exception {
        f = new EgressFixture(DELIVERY);
        HookbridgeConfig config = ConfigLoader.parse(EgressFixture.yaml(f.prefix, DELIVERY, 0,
                Files.createTempDirectory("egress-state-2").toString()), Map.of());
        secondMetrics = new Metrics("test-2");
        second = Egress.start(f.vertx, config, secondMetrics).await(90, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        second.stop().await(60, TimeUnit.SECONDS);
        f.close();
    }

    @Test
    void aReceiverSeesNoMoreThanTheLimitPlusTheBurstFromTwoInstances() {
        // Both instances deliver and know it: each allows half of every limit.
        await().atMost(Duration.ofSeconds(60)).until(() -> instances(f.metrics) == 2 && instances(secondMetrics) == 2);
        String src = "s" + UUID.randomUUID().toString().substring(0, 8);
        JsonObject created = f.admin.post("/api/v1/subscriptions", new JsonObject().put("url", f.receiver.url("/limited"))
                .put("eventTypes", new JsonArray().add(src + ".*"))
                .put("rateLimit", new JsonObject().put("perSecond", PER_SECOND).put("burst", BURST))).body();
        await().atMost(Duration.ofSeconds(10)).until(() -> second.port() > 0
                && new io.hookbridge.egress.testing.AdminClient(second.port(), EgressFixture.TOKEN)
                .get("/api/v1/subscriptions/" + created.getString("id")).status() == 200);

        int total = 80;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < total; i++) ids.add(f.events.publish(src + ".tick", "{\"n\":" + i + "}"));

        await().atMost(Duration.ofSeconds(120)).until(() -> new HashSet<>(f.receiver.idsAnswered2xx("/limited")).containsAll(ids));
        List<Long> at = f.receiver.received("/limited").stream().map(Received::atMillis).sorted().toList();
        int worst = 0;
        for (int i = 0; i < at.size(); i++) {
            long from = at.get(i);
            int inWindow = (int) at.stream().filter(t -> t >= from && t < from + 1000).count();
            worst = Math.max(worst, inWindow);
        }
        System.out.printf("FIGURES rate limit %d/s burst %d over 2 instances: %d deliveries in %d ms, at most %d in any second%n",
                PER_SECOND, BURST, at.size(), at.get(at.size() - 1) - at.get(0), worst);
        assertThat(worst).as("deliveries in any 1 s window").isLessThanOrEqualTo(PER_SECOND + BURST);
        assertThat(at.get(at.size() - 1) - at.get(0)).as("the limit held them back")
                .isGreaterThanOrEqualTo((long) ((total - PER_SECOND - BURST) * 1000L / PER_SECOND) - 500);
        assertThat(f.admin.get("/api/v1/dead-letters?subscription=" + created.getString("id")).body()
                .getJsonArray("data")).isEmpty();
    }

    @Test
    void eachInstanceShowsTheCircuitsOpenOnTheOther() {
        await().atMost(Duration.ofSeconds(60)).until(() -> instances(f.metrics) == 2 && instances(secondMetrics) == 2);
        String src = "s" + UUID.randomUUID().toString().substring(0, 8);
        String id = f.admin.subscribe(f.receiver.url("/down"), src + ".*").getString("id");
        f.receiver.behave("/down", (n, inFlight) -> io.hookbridge.egress.testing.Receiver.Answer.status(503));
        var secondAdmin = new io.hookbridge.egress.testing.AdminClient(second.port(), EgressFixture.TOKEN);
        await().atMost(Duration.ofSeconds(10)).until(() -> secondAdmin.get("/api/v1/subscriptions/" + id).status() == 200);
        // Enough events that both instances (one partition each) see five failures in a row.
        for (int i = 0; i < 30; i++) f.events.publish(src + ".tick", "{\"n\":" + i + "}");

        await().atMost(Duration.ofSeconds(60)).until(() ->
                elsewhere(f.admin.get("/api/v1/subscriptions/" + id).body()) == 1
                        && elsewhere(secondAdmin.get("/api/v1/subscriptions/" + id).body()) == 1);
        JsonObject health = secondAdmin.get("/api/v1/subscriptions/" + id).body().getJsonObject("health");
        assertThat(health.getString("state")).isEqualTo("circuit-open");
        JsonObject other = health.getJsonArray("circuitOpenElsewhere").getJsonObject(0);
        assertThat(other.getString("instance")).isNotBlank();
        assertThat(other.getString("openUntil")).isNotBlank();
        assertThat(health.getString("failingSince")).isNotBlank();
    }

    private static int elsewhere(JsonObject subscription) {
        JsonArray open = subscription.getJsonObject("health").getJsonArray("circuitOpenElsewhere");
        return open == null ? 0 : open.size();
    }

    private static double instances(Metrics metrics) {
        var gauge = metrics.registry().find("hookbridge.delivery.instances").gauge();
        return gauge == null ? 0 : gauge.value();
    }
}
