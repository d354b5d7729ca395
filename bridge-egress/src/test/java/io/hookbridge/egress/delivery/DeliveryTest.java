package io.hookbridge.egress.delivery;

import io.hookbridge.egress.testing.AdminClient.Reply;
import io.hookbridge.egress.testing.EgressFixture;
import io.hookbridge.egress.testing.Receiver;
import io.hookbridge.egress.testing.Receiver.Answer;
import io.hookbridge.egress.testing.Receiver.Received;
import io.hookbridge.testing.TopicReader;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stage 2 end to end on a real broker and real HTTP receivers: events on {@code topics.events} reach the
 * matching subscriptions signed (checked with the reference Standard Webhooks library), failures are
 * retried from the retry tiers, then dead-lettered, and replay delivers them again.
 */
class DeliveryTest {

    private static EgressFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new EgressFixture("{ timeout: 3s, maxInFlightPerSubscription: 4, retrySchedule: [200ms, 400ms],"
                + " allowPrivateTargets: true, rotationOverlap: 1h }");
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    /** A fresh source name: each test matches only its own events, though all share the events topic. */
    private static String source() {
        return "s" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonObject subscribe(String path, String... types) {
        JsonObject s = f.admin.subscribe(f.receiver.url(path), types);
        f.receiver.expectSecrets(path, s.getString("secret"));
        return s;
    }

    @Test
    void anEventArrivesSignedWithCloudEventsAndStaticHeaders() {
        String src = source();
        Reply created = f.admin.post("/api/v1/subscriptions", new JsonObject()
                .put("url", f.receiver.url("/signed"))
                .put("eventTypes", new JsonArray().add(src + ".push"))
                .put("headers", new JsonObject().put("Authorization", "Bearer receiver-own-token")));
        assertThat(created.status()).isEqualTo(201);
        f.receiver.expectSecrets("/signed", created.body().getString("secret"));

        String id = f.events.publish(src + ".push", "{\"ref\":\"main\"}");

        await().atMost(Duration.ofSeconds(20)).until(() -> f.receiver.idsAnswered2xx("/signed").contains(id));
        Received r = f.receiver.received("/signed").get(0);
        assertThat(r.verified()).as("signature checked by com.standardwebhooks").isTrue();
        assertThat(r.body()).isEqualTo("{\"ref\":\"main\"}");
        assertThat(r.header("webhook-id")).isEqualTo(id);
        assertThat(r.header("webhook-signature")).startsWith("v1,").doesNotContain(" ");
        assertThat(Long.parseLong(r.header("webhook-timestamp"))).isCloseTo(System.currentTimeMillis() / 1000,
                org.assertj.core.data.Offset.offset(60L));
        assertThat(r.header("ce-id")).isEqualTo(id);
        assertThat(r.header("ce-type")).isEqualTo(src + ".push");
        assertThat(r.header("ce-source")).isEqualTo("/hookbridge/" + src);
        assertThat(r.header("ce-specversion")).isEqualTo("1.0");
        assertThat(r.header("ce-time")).isNotBlank();
        assertThat(r.header("content-type")).isEqualTo("application/json");
        assertThat(r.header("authorization")).isEqualTo("Bearer receiver-own-token");
        String sub = created.body().getString("id");
        await().atMost(Duration.ofSeconds(5)).until(() ->
                f.counter("hookbridge.delivery.attempts", "subscription", sub, "outcome", "success") == 1.0);
        // The attempts are counted by subscription and outcome; Vert.x's own per-request client metrics are off.
        assertThat(f.metrics.scrape()).contains("hookbridge_delivery_attempts_total{", "hookbridge_delivery_seconds")
                .doesNotContain("vertx_http_client_");
    }

    @Test
    void eventTypeFiltersChooseTheSubscriptions() {
        String a = source();
        String b = source();
        subscribe("/exact", a + ".push");
        subscribe("/prefix", b + ".*");
        JsonObject all = subscribe("/all", "*");

        String push = f.events.publish(a + ".push", "{}");
        String issues = f.events.publish(a + ".issues", "{}");
        String charge = f.events.publish(b + ".charge.succeeded", "{}");
        String refund = f.events.publish(b + ".refund", "{}");

        await().atMost(Duration.ofSeconds(20)).until(() ->
                f.receiver.idsAnswered2xx("/all").containsAll(List.of(push, issues, charge, refund)));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).until(() ->
                f.receiver.idsAnswered2xx("/exact").equals(List.of(push))
                        && f.receiver.idsAnswered2xx("/prefix").stream().sorted().toList()
                        .equals(List.of(charge, refund).stream().sorted().toList()));
        assertThat(f.receiver.received("/all")).allMatch(Received::verified);
        assertThat(f.admin.delete("/api/v1/subscriptions/" + all.getString("id")).status()).isEqualTo(204);
    }

    @Test
    void aReceiverThatFailsTwiceGetsItOnTheThirdAttempt() {
        String src = source();
        String sub = subscribe("/flaky", src + ".order").getString("id");
        f.receiver.behave("/flaky", (n, inFlight) -> Answer.status(n <= 2 ? 500 : 200));

        String id = f.events.publish(src + ".order", "{\"n\":1}");

        await().atMost(Duration.ofSeconds(20)).until(() -> f.receiver.idsAnswered2xx("/flaky").contains(id));
        List<Received> got = f.receiver.received("/flaky");
        assertThat(got).extracting(Received::status).containsExactly(500, 500, 200);
        assertThat(got).allMatch(Received::verified).extracting(Received::id).containsOnly(id);
        // The schedule is [200ms, 400ms] (+ up to 20% jitter): the retries waited at least that long.
        assertThat(got.get(1).atMillis() - got.get(0).atMillis()).isGreaterThanOrEqualTo(200);
        assertThat(got.get(2).atMillis() - got.get(1).atMillis()).isGreaterThanOrEqualTo(400);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                f.counter("hookbridge.delivery.attempts", "subscription", sub, "outcome", "http-error") == 2.0
                        && f.counter("hookbridge.delivery.attempts", "subscription", sub, "outcome", "success") == 1.0);
    }

    @Test
    void aReceiverThatAlwaysFailsEndsInTheDeadLettersAndReplayDeliversItOnceHealthy() {
        String src = source();
        String sub = subscribe("/down", src + ".invoice").getString("id");
        f.receiver.behave("/down", (n, inFlight) -> Answer.status(503));

        String id = f.events.publish(src + ".invoice", "{\"total\":42}");

        await().atMost(Duration.ofSeconds(20)).until(() ->
                f.admin.get("/api/v1/dead-letters?subscription=" + sub).body().getJsonArray("data").size() == 1);
        JsonObject dead = f.admin.get("/api/v1/dead-letters?subscription=" + sub).body().getJsonArray("data").getJsonObject(0);
        assertThat(dead.getString("deliveryId")).isEqualTo(id);
        assertThat(dead.getString("reason")).isEqualTo("retries-exhausted");
        assertThat(dead.getInteger("lastStatus")).isEqualTo(503);
        assertThat(dead.getInteger("attempts")).isEqualTo(3);
        assertThat(dead.getString("eventType")).isEqualTo(src + ".invoice");
        assertThat(f.receiver.received("/down")).hasSize(3).allMatch(Received::verified);
        assertThat(f.counter("hookbridge.dead.letters", "subscription", sub)).isEqualTo(1.0);

        try (TopicReader reader = new TopicReader(f.config.topics().deadLetters())) {
            ConsumerRecord<byte[], byte[]> record = reader.readUntil(100, Duration.ofSeconds(3)).stream()
                    .filter(r -> id.equals(TopicReader.key(r))).findFirst().orElseThrow();
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("{\"total\":42}");
            assertThat(TopicReader.header(record, "ce_type")).isEqualTo(src + ".invoice");
            assertThat(TopicReader.header(record, "hookbridge-subscription")).isEqualTo(sub);
            assertThat(TopicReader.header(record, "hookbridge-dead-letter-reason")).isEqualTo("retries-exhausted");
            assertThat(TopicReader.header(record, "hookbridge-last-status")).isEqualTo("503");
        }

        f.receiver.behave("/down", (n, inFlight) -> Answer.status(200));
        Reply replay = f.admin.post("/api/v1/dead-letters/replay", new JsonObject().put("subscription", sub));
        assertThat(replay.status()).isEqualTo(202);
        assertThat(replay.body().getInteger("replayed")).isEqualTo(1);

        await().atMost(Duration.ofSeconds(20)).until(() -> f.receiver.idsAnswered2xx("/down").equals(List.of(id)));
        assertThat(f.receiver.received("/down")).hasSize(4).allMatch(Received::verified);
    }

    @Test
    void rotationSignsWithBothSecretsDuringTheOverlap() {
        String src = source();
        JsonObject s = subscribe("/rotating", src + ".ping");
        String oldSecret = s.getString("secret");
        String first = f.events.publish(src + ".ping", "{}");
        await().atMost(Duration.ofSeconds(20)).until(() -> f.receiver.idsAnswered2xx("/rotating").contains(first));

        Reply rotated = f.admin.post("/api/v1/subscriptions/" + s.getString("id") + "/rotate-secret", null);
        assertThat(rotated.status()).isEqualTo(200);
        String newSecret = rotated.body().getString("secret");
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
        // Each secret on its own must verify the same request.
        f.receiver.expectSecrets("/rotating", oldSecret, newSecret);

        String second = f.events.publish(src + ".ping", "{}");
        await().atMost(Duration.ofSeconds(20)).until(() -> f.receiver.idsAnswered2xx("/rotating").contains(second));
        Received r = f.receiver.received("/rotating").stream().filter(x -> x.id().equals(second)).findFirst().orElseThrow();
        assertThat(r.verified()).isTrue();
        assertThat(r.header("webhook-signature").split(" ")).hasSize(2).allMatch(sig -> sig.startsWith("v1,"));
    }

    @Test
    void goneDisablesTheSubscription() {
        String src = source();
        String sub = subscribe("/gone", src + ".ping").getString("id");
        subscribe("/witness", src + ".ping");
        f.receiver.behave("/gone", (n, inFlight) -> Answer.status(410));

        String first = f.events.publish(src + ".ping", "{}");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                !f.admin.get("/api/v1/subscriptions/" + sub).body().getBoolean("enabled"));
        JsonObject disabled = f.admin.get("/api/v1/subscriptions/" + sub).body();
        assertThat(disabled.getString("disabledReason")).contains("410");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                f.admin.get("/api/v1/dead-letters?subscription=" + sub).body().getJsonArray("data").size() == 1);
        JsonObject dead = f.admin.get("/api/v1/dead-letters?subscription=" + sub).body().getJsonArray("data").getJsonObject(0);
        assertThat(dead.getString("reason")).isEqualTo("gone");
        assertThat(dead.getInteger("lastStatus")).isEqualTo(410);

        String second = f.events.publish(src + ".ping", "{}");
        await().atMost(Duration.ofSeconds(20)).until(() -> f.receiver.idsAnswered2xx("/witness").contains(second));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() ->
                f.receiver.received("/gone").size() == 1);
        assertThat(f.receiver.received("/gone").get(0).id()).isEqualTo(first);
    }

    @Test
    void retryAfterIsHonoured() {
        String src = source();
        subscribe("/busy", src + ".ping");
        f.receiver.behave("/busy", (n, inFlight) -> n == 1
                ? new Answer(429, Map.of("Retry-After", "1"), null)
                : Answer.status(200));

        String id = f.events.publish(src + ".ping", "{}");

        await().atMost(Duration.ofSeconds(20)).until(() -> f.receiver.idsAnswered2xx("/busy").contains(id));
        List<Received> got = f.receiver.received("/busy");
        assertThat(got).extracting(Received::status).containsExactly(429, 200);
        // The schedule alone would have retried after 200-240 ms.
        assertThat(got.get(1).atMillis() - got.get(0).atMillis()).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void anAnswerThatNeverComesIsATimeoutAndRetried() {
        String src = source();
        String sub = subscribe("/silent", src + ".ping").getString("id");
        Promise<Void> never = Promise.promise();
        f.receiver.behave("/silent", (n, inFlight) -> n == 1 ? new Answer(200, Map.of(), never.future()) : Answer.status(200));

        String id = f.events.publish(src + ".ping", "{}");

        await().atMost(Duration.ofSeconds(20)).until(() -> f.receiver.idsAnswered2xx("/silent").contains(id));
        assertThat(f.counter("hookbridge.delivery.attempts", "subscription", sub, "outcome", "timeout")).isEqualTo(1.0);
        never.complete();
    }

    @Test
    void inFlightPerSubscriptionIsCapped() {
        String src = source();
        subscribe("/slow", src + ".ping");
        Promise<Void> release = Promise.promise();
        f.receiver.behave("/slow", (n, inFlight) -> new Answer(200, Map.of(), release.future()));

        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(f.events.publish(src + ".ping", "{\"i\":" + i + "}"));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> f.receiver.inFlight("/slow") == 4);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> f.receiver.inFlight("/slow") == 4);
        release.complete();

        await().atMost(Duration.ofSeconds(20)).until(() -> f.receiver.idsAnswered2xx("/slow").containsAll(ids));
        assertThat(f.receiver.maxInFlight("/slow")).isEqualTo(4);
        assertThat(f.receiver.received("/slow")).hasSize(10).allMatch(Received::verified);
    }
}
