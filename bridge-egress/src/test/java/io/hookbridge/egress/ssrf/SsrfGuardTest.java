package io.hookbridge.egress.ssrf;

import io.hookbridge.egress.testing.AdminClient.Reply;
import io.hookbridge.egress.testing.EgressFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The SSRF guard with {@code allowPrivateTargets: false}: loopback targets are refused when a subscription
 * is made, and again at every connection, even for a subscription written straight into the topic. Only
 * the host name listed in {@code privateTargets} gets through. (The receiver is on 127.0.0.1.)
 */
class SsrfGuardTest {

    private static EgressFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new EgressFixture("{ timeout: 2s, retrySchedule: [200ms, 400ms], allowPrivateTargets: false,"
                + " privateTargets: [localhost] }");
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void loopbackTargetsAreRefusedAtSubscriptionTime() {
        for (String url : new String[]{f.receiver.url("/x"), "http://[::1]:" + f.receiver.port() + "/x",
                "http://127.1.2.3/x", "http://0.0.0.0/x"}) {
            Reply reply = f.admin.post("/api/v1/subscriptions", new JsonObject().put("url", url)
                    .put("eventTypes", new JsonArray().add("*")));
            assertThat(reply.status()).as(url).isEqualTo(400);
            assertThat(reply.body().getString("type")).endsWith("/target-refused");
            assertThat(reply.body().getString("field")).isEqualTo("url");
        }
        JsonObject refused = f.admin.post("/api/v1/subscriptions", new JsonObject().put("url", "http://127.0.0.1/x")
                .put("eventTypes", new JsonArray().add("*"))).body();
        assertThat(refused.getString("detail")).contains("loopback");
    }

    @Test
    void ipv6FormsCarryingIpv4AreRefusedAtSubscriptionTime() {
        for (String host : new String[]{"[64:ff9b:1::a9fe:a9fe]", "[64:ff9b::a9fe:a9fe]", "[::ffff:0:a00:1]",
                "[2001:0:4136:e378:8000:63bf:3fff:fdd2]", "[2002:a9fe:a9fe::1]", "[::ffff:169.254.169.254]"}) {
            Reply reply = f.admin.post("/api/v1/subscriptions", new JsonObject().put("url", "http://" + host + "/x")
                    .put("eventTypes", new JsonArray().add("*")));
            assertThat(reply.status()).as(host).isEqualTo(400);
            assertThat(reply.body().getString("type")).as(host).endsWith("/target-refused");
        }
    }

    @Test
    void aZoneIdIsABadUrlNotAnError() {
        Reply reply = f.admin.post("/api/v1/subscriptions", new JsonObject().put("url", "http://[fe80::1%25lo]/")
                .put("eventTypes", new JsonArray().add("*")));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).isEqualTo("application/problem+json");
        assertThat(reply.body().getString("field")).isEqualTo("url");
        assertThat(reply.body().getString("detail")).contains("zone id");
    }

    @Test
    void aHostListedInPrivateTargetsIsDelivered() {
        String type = "ok" + System.nanoTime() + ".ping";
        JsonObject s = f.admin.subscribe("http://localhost:" + f.receiver.port() + "/listed", type);
        f.receiver.expectSecrets("/listed", s.getString("secret"));

        String id = f.events.publish(type, "{}");

        await().atMost(Duration.ofSeconds(20)).until(() -> f.receiver.idsAnswered2xx("/listed").contains(id));
    }

    @Test
    void aTargetThatGotPastTheApiIsRefusedAtConnectionTime() throws Exception {
        // As if someone with Kafka access wrote it, or an older instance accepted it.
        String id = "sub_sneaky" + System.nanoTime();
        String type = "sneaky" + System.nanoTime() + ".ping";
        JsonObject sneaky = new JsonObject().put("id", id).put("url", f.receiver.url("/sneaky"))
                .put("eventTypes", new JsonArray().add(type)).put("headers", new JsonObject()).put("enabled", true)
                .put("secret", io.hookbridge.common.signature.StandardWebhooks.newSecret())
                .put("createdAt", Instant.now()).put("updatedAt", Instant.now());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, io.hookbridge.testing.KafkaBroker.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(f.config.topics().subscriptions(), id, sneaky.encode())).get(30, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> f.admin.get("/api/v1/subscriptions/" + id).status() == 200);

        String delivery = f.events.publish(type, "{}");

        await().atMost(Duration.ofSeconds(20)).until(() ->
                f.admin.get("/api/v1/dead-letters?subscription=" + id).body().getJsonArray("data").size() == 1);
        JsonObject dead = f.admin.get("/api/v1/dead-letters?subscription=" + id).body().getJsonArray("data").getJsonObject(0);
        assertThat(dead.getString("deliveryId")).isEqualTo(delivery);
        assertThat(dead.getString("lastError")).contains("loopback");
        assertThat(dead.getValue("lastStatus")).isNull();
        assertThat(f.receiver.received("/sneaky")).isEmpty();
        assertThat(f.counter("hookbridge.delivery.attempts", "subscription", id, "outcome", "refused")).isEqualTo(3.0);
    }
}
