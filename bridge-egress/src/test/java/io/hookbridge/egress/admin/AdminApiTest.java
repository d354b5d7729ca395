package io.hookbridge.egress.admin;

import io.hookbridge.common.kafka.KafkaAsyncProducer;
import io.hookbridge.common.kafka.KafkaClients;
import io.hookbridge.egress.subscription.SubscriptionStore;
import io.hookbridge.egress.testing.AdminClient.Reply;
import io.hookbridge.egress.testing.EgressFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The admin API of the contract over real HTTP, its subscriptions stored in a real compacted topic. */
class AdminApiTest {

    private static final String SUBSCRIPTIONS = "/api/v1/subscriptions";
    private static EgressFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new EgressFixture("{ retrySchedule: [1s], allowPrivateTargets: true, rotationOverlap: 24h }");
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    private static JsonObject valid() {
        return new JsonObject().put("url", "http://127.0.0.1:9/hook").put("eventTypes", new JsonArray().add("github.push"));
    }

    @Test
    void createGeneratesASecretAndAnId() {
        Reply created = f.admin.post(SUBSCRIPTIONS, valid().put("description", "orders service")
                .put("headers", new JsonObject().put("X-Team", "orders")));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.contentType()).startsWith("application/json");
        JsonObject s = created.body();
        assertThat(s.getString("id")).startsWith("sub_");
        assertThat(s.getString("url")).isEqualTo("http://127.0.0.1:9/hook");
        assertThat(s.getJsonArray("eventTypes")).containsExactly("github.push");
        assertThat(s.getString("description")).isEqualTo("orders service");
        assertThat(s.getJsonObject("headers").getString("X-Team")).as("header values are never shown").isEqualTo("***");
        assertThat(s.getBoolean("enabled")).isTrue();
        assertThat(Instant.parse(s.getString("createdAt"))).isBeforeOrEqualTo(Instant.now());
        assertThat(s.getString("secret")).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(s.getString("secret").substring(6))).hasSize(24);
        assertThat(s.containsKey("previousSecret")).isFalse();

        String secret = s.getString("secret");
        Reply got = f.admin.get(SUBSCRIPTIONS + "/" + s.getString("id"));
        assertThat(got.status()).isEqualTo(200);
        JsonObject masked = s.copy().put("secret", "whsec_…" + secret.substring(secret.length() - 4));
        assertThat(got.body()).as("the secret is shown once, then only its end").isEqualTo(masked);
        assertThat(f.admin.get(SUBSCRIPTIONS).body().getJsonArray("data")).contains(masked);
        assertThat(f.admin.get(SUBSCRIPTIONS).body().encode()).doesNotContain(secret.substring(6, 20)).doesNotContain("orders\"");
    }

    @Test
    void aGivenSecretIsKept() {
        String secret = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
        Reply created = f.admin.post(SUBSCRIPTIONS, valid().put("secret", secret));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().getString("secret")).as("a chosen secret is not echoed")
                .isEqualTo("whsec_…" + secret.substring(secret.length() - 4));
    }

    @Test
    void putReplacesAndKeepsTheSecretDeleteRemoves() {
        JsonObject s = f.admin.post(SUBSCRIPTIONS, valid()).body();
        String path = SUBSCRIPTIONS + "/" + s.getString("id");

        Reply replaced = f.admin.put(path, new JsonObject().put("url", "https://127.0.0.1:8443/v2")
                .put("eventTypes", new JsonArray().add("stripe.*").add("github.push")).put("enabled", false));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.body().getString("url")).isEqualTo("https://127.0.0.1:8443/v2");
        assertThat(replaced.body().getJsonArray("eventTypes")).containsExactly("stripe.*", "github.push");
        assertThat(replaced.body().getBoolean("enabled")).isFalse();
        assertThat(replaced.body().getString("secret")).endsWith(s.getString("secret").substring(s.getString("secret").length() - 4));
        assertThat(replaced.body().getString("createdAt")).isEqualTo(s.getString("createdAt"));
        assertThat(f.admin.get(path).body()).isEqualTo(replaced.body());

        assertThat(f.admin.delete(path).status()).isEqualTo(204);
        Reply gone = f.admin.get(path);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.contentType()).isEqualTo("application/problem+json");
        assertThat(gone.body().getString("type")).endsWith("/subscription-not-found");
        assertThat(f.admin.get(SUBSCRIPTIONS).body().getJsonArray("data").stream()
                .map(o -> ((JsonObject) o).getString("id"))).doesNotContain(s.getString("id"));
    }

    @Test
    void patchChangesOnlyWhatItNames() throws Exception {
        JsonObject s = f.admin.post(SUBSCRIPTIONS, valid().put("description", "orders")
                .put("headers", new JsonObject().put("X-Team", "orders").put("X-Env", "prod"))).body();
        String path = SUBSCRIPTIONS + "/" + s.getString("id");

        Reply disabled = f.admin.send("PATCH", path, "{\"enabled\":false}", EgressFixture.TOKEN, "application/merge-patch+json");
        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.body().getBoolean("enabled")).isFalse();
        assertThat(disabled.body().getString("url")).isEqualTo(s.getString("url"));
        assertThat(disabled.body().getString("description")).isEqualTo("orders");
        assertThat(disabled.body().getJsonObject("headers").fieldNames()).containsExactlyInAnyOrder("X-Team", "X-Env");
        assertThat(disabled.body().getString("secret")).isEqualTo(f.admin.get(path).body().getString("secret"));

        Reply patched = f.admin.send("PATCH", path, "{\"headers\":{\"X-Env\":null,\"X-New\":\"1\"},\"description\":null,"
                + "\"eventTypes\":[\"stripe.*\"]}", EgressFixture.TOKEN, "application/json");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.body().getJsonObject("headers").fieldNames()).containsExactlyInAnyOrder("X-Team", "X-New");
        assertThat(patched.body().getString("description")).isNull();
        assertThat(patched.body().getJsonArray("eventTypes")).containsExactly("stripe.*");
        assertThat(patched.body().getBoolean("enabled")).isFalse();
        assertThat(f.admin.get(path).body()).isEqualTo(patched.body());
        assertThat(f.stored(s.getString("id")).headers()).containsEntry("X-Team", "orders").containsEntry("X-New", "1")
                .doesNotContainKey("X-Env");
    }

    @Test
    void badPatchesAreRefusedAndChangeNothing() {
        JsonObject s = f.admin.post(SUBSCRIPTIONS, valid()).body();
        String path = SUBSCRIPTIONS + "/" + s.getString("id");

        Reply noUrl = f.admin.send("PATCH", path, "{\"url\":null}", EgressFixture.TOKEN, "application/merge-patch+json");
        assertThat(noUrl.status()).isEqualTo(400);
        assertThat(noUrl.body().getString("field")).isEqualTo("url");
        Reply badPort = f.admin.send("PATCH", path, "{\"url\":\"http://127.0.0.1:0/x\"}", EgressFixture.TOKEN, "application/json");
        assertThat(badPort.status()).isEqualTo(400);
        assertThat(badPort.body().getString("field")).isEqualTo("url");
        Reply text = f.admin.send("PATCH", path, "{\"enabled\":false}", EgressFixture.TOKEN, "text/plain");
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.contentType()).isEqualTo("application/problem+json");
        assertThat(f.admin.send("PATCH", SUBSCRIPTIONS + "/sub_nope", "{}", EgressFixture.TOKEN, "application/json").status())
                .isEqualTo(404);
        assertThat(f.admin.get(path).body()).isEqualTo(s.put("secret", f.admin.get(path).body().getString("secret")));
    }

    @Test
    void putStillReplacesTheWholeSubscription() {
        JsonObject s = f.admin.post(SUBSCRIPTIONS, valid().put("headers", new JsonObject().put("X-Team", "orders"))).body();
        Reply replaced = f.admin.put(SUBSCRIPTIONS + "/" + s.getString("id"), valid());
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.body().getJsonObject("headers")).isEmpty();
    }

    @Test
    void aBodyOverTheLimitIsAProblem() {
        String big = valid().put("description", "x".repeat(70 * 1024)).encode();
        Reply reply = f.admin.send("POST", SUBSCRIPTIONS, big, EgressFixture.TOKEN);
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.contentType()).isEqualTo("application/problem+json");
        assertThat(reply.body().getString("type")).endsWith("/payload-too-large");
    }

    @Test
    void rotateSecretKeepsTheOldOneForTheOverlap() {
        JsonObject s = f.admin.post(SUBSCRIPTIONS, valid()).body();
        Reply rotated = f.admin.post(SUBSCRIPTIONS + "/" + s.getString("id") + "/rotate-secret", null);

        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.body().getString("secret")).startsWith("whsec_").isNotEqualTo(s.getString("secret"));
        assertThat(rotated.body().containsKey("previousSecret")).as("the old secret is not shown again").isFalse();
        assertThat(Duration.between(Instant.now(), Instant.parse(rotated.body().getString("previousSecretExpiresAt"))))
                .isBetween(Duration.ofHours(23), Duration.ofHours(24));
    }

    @Test
    void unknownIdsAre404() {
        assertThat(f.admin.get(SUBSCRIPTIONS + "/sub_nope").status()).isEqualTo(404);
        assertThat(f.admin.put(SUBSCRIPTIONS + "/sub_nope", valid()).status()).isEqualTo(404);
        assertThat(f.admin.delete(SUBSCRIPTIONS + "/sub_nope").status()).isEqualTo(404);
        assertThat(f.admin.post(SUBSCRIPTIONS + "/sub_nope/rotate-secret", null).status()).isEqualTo(404);
        assertThat(f.admin.post("/api/v1/dead-letters/replay", new JsonObject().put("subscription", "sub_nope")).status())
                .isEqualTo(404);
    }

    @Test
    void noOrAWrongTokenIs401() {
        for (String token : new String[]{null, "wrong", EgressFixture.TOKEN + "x", ""}) {
            Reply reply = f.admin.send("GET", SUBSCRIPTIONS, null, token);
            assertThat(reply.status()).as("token %s", token).isEqualTo(401);
            assertThat(reply.contentType()).isEqualTo("application/problem+json");
            assertThat(reply.body().getString("type")).endsWith("/unauthorized");
        }
        assertThat(f.admin.send("POST", SUBSCRIPTIONS, valid().encode(), "wrong").status()).isEqualTo(401);
        assertThat(f.admin.send("GET", "/api/v1/dead-letters", null, null).status()).isEqualTo(401);
    }

    @ParameterizedTest(name = "{0} -> field {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"eventTypes\":[\"a.b\"]}                                          | url",
            "{\"url\":\"ftp://127.0.0.1/x\",\"eventTypes\":[\"a.b\"]}             | url",
            "{\"url\":\"not a url\",\"eventTypes\":[\"a.b\"]}                     | url",
            "{\"url\":42,\"eventTypes\":[\"a.b\"]}                                | url",
            "{\"url\":\"http://127.0.0.1/x\"}                                     | eventTypes",
            "{\"url\":\"http://127.0.0.1/x\",\"eventTypes\":[]}                   | eventTypes",
            "{\"url\":\"http://127.0.0.1/x\",\"eventTypes\":\"a.b\"}              | eventTypes",
            "{\"url\":\"http://127.0.0.1/x\",\"eventTypes\":[\"a.b\",\"a b\"]}    | eventTypes[1]",
            "{\"url\":\"http://127.0.0.1/x\",\"eventTypes\":[\"a.*.b\"]}          | eventTypes[0]",
            "{\"url\":\"http://127.0.0.1/x\",\"eventTypes\":[\"a.b\"],\"secret\":\"plain\"}     | secret",
            "{\"url\":\"http://127.0.0.1/x\",\"eventTypes\":[\"a.b\"],\"secret\":\"whsec_!!\"}  | secret",
            "{\"url\":\"http://127.0.0.1/x\",\"eventTypes\":[\"a.b\"],\"secret\":\"whsec_AAAA\"}  | secret",
            "{\"url\":\"http://127.0.0.1/x\",\"eventTypes\":[\"a.b\"],\"headers\":{\"webhook-id\":\"x\"}} | headers.webhook-id",
            "{\"url\":\"http://127.0.0.1/x\",\"eventTypes\":[\"a.b\"],\"headers\":{\"X-A\":1}}  | headers.X-A",
            "{\"url\":\"http://127.0.0.1/x\",\"eventTypes\":[\"a.b\"],\"description\":7}       | description",
            "{\"url\":\"http://127.0.0.1/x\",\"eventTypes\":[\"a.b\"],\"enabled\":\"yes\"}      | enabled",
            "{\"url\":\"http://127.0.0.1/x\",\"eventTypes\":[\"a.b\"],\"evenTypes\":[]}         | evenTypes",
            "{\"url\":\"http://127.0.0.1:0/x\",\"eventTypes\":[\"a.b\"]}                | url",
            "{\"url\":\"http://127.0.0.1:99999/x\",\"eventTypes\":[\"a.b\"]}            | url",
            "{\"url\":\"http://127.0.0.1:65536/x\",\"eventTypes\":[\"a.b\"]}            | url",
            "{\"url\":\"http://[fe80::1%25lo]/x\",\"eventTypes\":[\"a.b\"]}             | url",
            "{\"url\":\"http://127.0.0.1/a\\u0001b\",\"eventTypes\":[\"a.b\"]}        | url",
            "{\"url\":\"http://127.0.0.1/é\",\"eventTypes\":[\"a.b\"]}                   | url",
            "{\"url\":\"http://127.0.0.1/x\",\"eventTypes\":[\"a.b\"],\"headers\":{\"X-A\":\"a\\u0001b\"}}  | headers.X-A",
            "{\"url\":\"http://127.0.0.1/x\",\"eventTypes\":[\"a.b\"],\"headers\":{\"X-A\":\"a\\u007fb\"}}  | headers.X-A",
            "{\"url\":\"http://127.0.0.1/x\",\"eventTypes\":[\"a.b\"],\"headers\":{\"X-A\":\"a\\r\\nX-B: c\"}} | headers.X-A",
            "{\"url\":\"http://127.0.0.1/x\",\"eventTypes\":[\"a.b\"],\"headers\":{\"X-A\":\"é\"}}           | headers.X-A",
            "{\"url\":\"http://127.0.0.1/x\",\"eventTypes\":[\"a.b\"],\"headers\":{\"X A\":\"a\"}}            | headers.X A",
            "{\"url\":\"http://127.0.0.1/x\",\"eventTypes\":[\"a.b\"],\"headers\":{\"X:A\":\"a\"}}            | headers.X:A",
            "{\"url\":\"http://127.0.0.1/x\",\"eventTypes\":[\"a.b\"],\"headers\":{\"\":\"a\"}}               | headers.",
            "[1,2]                                                                            | body",
            "not json                                                                         | body",
    })
    void badInputIs400NamingTheField(String body, String field) {
        Reply reply = f.admin.send("POST", SUBSCRIPTIONS, body, EgressFixture.TOKEN);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).isEqualTo("application/problem+json");
        assertThat(reply.body().getString("type")).endsWith("/invalid-request");
        assertThat(reply.body().getString("field")).isEqualTo(field);
        assertThat(reply.body().getString("detail")).startsWith(field + ": ");
    }

    @Test
    void replayNeedsASubscriptionOrIds() {
        Reply reply = f.admin.post("/api/v1/dead-letters/replay", new JsonObject());
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().getString("field")).isEqualTo("body");
        assertThat(f.admin.post("/api/v1/dead-letters/replay", new JsonObject().put("ids", "x")).body().getString("field"))
                .isEqualTo("ids");
    }

    @Test
    void stage1sDeadLettersAreListedWithTheirStageAndNeverReplayed() throws Exception {
        String key = "foreign-" + System.nanoTime();
        try (KafkaAsyncProducer producer = KafkaAsyncProducer.create(KafkaClients.producer(f.config.kafka(), "foreign"))) {
            producer.producer().send(new ProducerRecord<>(f.config.topics().inbound(), bytes(key), bytes("not a webhook")))
                    .get(10, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> normalizeLetter(key) != null);
        JsonObject letter = normalizeLetter(key);
        assertThat(letter.getString("stage")).isEqualTo("normalize");
        assertThat(letter.getString("reason")).isEqualTo("not-normalizable");
        assertThat(letter.getString("lastError")).isEqualTo("record has no header hookbridge-source");
        assertThat(letter.getString("subscription")).isNull();
        assertThat(letter.getInteger("attempts")).isZero();

        Reply replay = f.admin.post("/api/v1/dead-letters/replay", new JsonObject().put("ids", new JsonArray().add(key)));
        assertThat(replay.status()).isEqualTo(202);
        assertThat(replay.body().getInteger("replayed")).as("not an event: nothing to deliver").isZero();
    }

    private static JsonObject normalizeLetter(String deliveryId) {
        JsonArray data = f.admin.get("/api/v1/dead-letters").body().getJsonArray("data");
        for (int i = 0; i < data.size(); i++) {
            if (deliveryId.equals(data.getJsonObject(i).getString("deliveryId"))) return data.getJsonObject(i);
        }
        return null;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anotherInstanceSeesChangesWithinSeconds() throws Exception {
        try (KafkaAsyncProducer producer = KafkaAsyncProducer.create(KafkaClients.producer(f.config.kafka(), "other-instance"));
             SubscriptionStore other = new SubscriptionStore(f.config.kafka(), f.config.topics().subscriptions(), producer, EgressFixture.sealer())) {
            other.start();
            assertThat(other.awaitLoaded(Duration.ofSeconds(30))).isTrue();

            String id = f.admin.post(SUBSCRIPTIONS, valid()).body().getString("id");
            await().atMost(Duration.ofSeconds(5)).until(() -> other.find(id) != null);
            assertThat(other.find(id).eventTypes()).containsExactly("github.push");

            f.admin.put(SUBSCRIPTIONS + "/" + id, valid().put("eventTypes", new JsonArray().add("shop.*")));
            await().atMost(Duration.ofSeconds(5)).until(() -> other.find(id).eventTypes().equals(java.util.List.of("shop.*")));

            f.admin.delete(SUBSCRIPTIONS + "/" + id);
            await().atMost(Duration.ofSeconds(5)).until(() -> other.find(id) == null);
        }
    }
}
