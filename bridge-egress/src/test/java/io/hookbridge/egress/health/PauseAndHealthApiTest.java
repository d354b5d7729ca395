package io.hookbridge.egress.health;

import io.hookbridge.egress.testing.AdminClient.Reply;
import io.hookbridge.egress.testing.EgressFixture;
import io.hookbridge.testing.TopicReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API's health, pause/resume and rate limit over real HTTP, on a real egress and broker: what an
 * operator sees, and the CloudEvents an alerting consumer of {@code topics.operations} reads.
 */
class PauseAndHealthApiTest {

    private static final String SUBSCRIPTIONS = "/api/v1/subscriptions";
    private static EgressFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new EgressFixture("{ retrySchedule: [1s], allowPrivateTargets: true }");
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    private static JsonObject valid() {
        return new JsonObject().put("url", "http://127.0.0.1:9/hook").put("eventTypes", new JsonArray().add("github.push"));
    }

    @Test
    void aNewSubscriptionIsActiveWithNoAttemptsYet() {
        String id = f.admin.post(SUBSCRIPTIONS, valid()).body().getString("id");

        Reply got = f.admin.get(SUBSCRIPTIONS + "/" + id);

        assertThat(got.status()).isEqualTo(200);
        assertThat(got.body().getBoolean("paused")).isFalse();
        JsonObject health = got.body().getJsonObject("health");
        assertThat(health.getString("state")).isEqualTo("active");
        assertThat(health.getInteger("consecutiveFailures")).isZero();
        assertThat(health.getValue("lastSuccessAt")).isNull();
        assertThat(health.getValue("lastFailure")).isNull();
        assertThat(f.admin.get(SUBSCRIPTIONS).body().getJsonArray("data").stream().map(o -> (JsonObject) o)
                .filter(s -> s.getString("id").equals(id)).findFirst().orElseThrow().getJsonObject("health")
                .getString("state")).isEqualTo("active");
    }

    @Test
    void pauseAndResumeShowInTheApiAndAreWrittenToTheOperationsTopicOnce() {
        String id = f.admin.post(SUBSCRIPTIONS, valid()).body().getString("id");

        Reply paused = f.admin.post(SUBSCRIPTIONS + "/" + id + "/pause", null);
        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.body().getBoolean("paused")).isTrue();
        String pausedAt = paused.body().getString("pausedAt");
        assertThat(pausedAt).isNotBlank();
        assertThat(paused.body().getJsonObject("health").getString("state")).isEqualTo("paused");
        Reply again = f.admin.post(SUBSCRIPTIONS + "/" + id + "/pause", null);
        assertThat(again.body().getString("pausedAt")).as("pausing twice keeps the first pause").isEqualTo(pausedAt);
        assertThat(f.admin.get(SUBSCRIPTIONS + "/" + id).body().getJsonObject("health").getString("state")).isEqualTo("paused");

        Reply resumed = f.admin.post(SUBSCRIPTIONS + "/" + id + "/resume", null);
        assertThat(resumed.status()).isEqualTo(200);
        assertThat(resumed.body().getBoolean("paused")).isFalse();
        assertThat(resumed.body().containsKey("pausedAt")).isFalse();
        assertThat(resumed.body().getJsonObject("health").getString("state")).isEqualTo("active");

        try (TopicReader operations = new TopicReader(f.config.topics().operations())) {
            List<ConsumerRecord<byte[], byte[]>> mine = operations.readAll(2, Duration.ofSeconds(20), Duration.ofSeconds(1))
                    .stream().filter(r -> id.equals(TopicReader.key(r))).toList();
            assertThat(mine).extracting(r -> TopicReader.header(r, "ce_type"))
                    .containsExactly("hookbridge.subscription.paused", "hookbridge.subscription.resumed");
            ConsumerRecord<byte[], byte[]> first = mine.get(0);
            assertThat(TopicReader.header(first, "ce_specversion")).isEqualTo("1.0");
            assertThat(TopicReader.header(first, "ce_source")).isEqualTo("/hookbridge/egress");
            assertThat(TopicReader.header(first, "ce_subject")).isEqualTo(id);
            assertThat(TopicReader.header(first, "ce_id")).isNotBlank();
            assertThat(TopicReader.header(first, "ce_time")).isNotBlank();
            assertThat(TopicReader.header(first, "content-type")).isEqualTo("application/json");
            JsonObject data = new JsonObject(new String(first.value(), StandardCharsets.UTF_8));
            assertThat(data.getString("subscription")).isEqualTo(id);
            assertThat(data.getString("pausedAt")).isEqualTo(pausedAt);
        }
        assertThat(f.counter("hookbridge.subscription.health.changes", "subscription", id, "change", "paused")).isEqualTo(1.0);
    }

    @Test
    void pauseOfAnUnknownSubscriptionIs404() {
        Reply reply = f.admin.post(SUBSCRIPTIONS + "/sub_nope/pause", null);
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aRateLimitIsStoredAndShownAndABadOneIsRefusedNamingTheField() {
        Reply created = f.admin.post(SUBSCRIPTIONS, valid().put("rateLimit", new JsonObject().put("perSecond", 5).put("burst", 10)));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().getJsonObject("rateLimit")).isEqualTo(new JsonObject().put("perSecond", 5).put("burst", 10));
        String id = created.body().getString("id");
        assertThat(f.admin.get(SUBSCRIPTIONS + "/" + id).body().getJsonObject("rateLimit").getInteger("burst")).isEqualTo(10);

        Reply defaultBurst = f.admin.put(SUBSCRIPTIONS + "/" + id, valid().put("rateLimit", new JsonObject().put("perSecond", 2.5)));
        assertThat(defaultBurst.status()).isEqualTo(200);
        assertThat(defaultBurst.body().getJsonObject("rateLimit")).isEqualTo(new JsonObject().put("perSecond", 2.5).put("burst", 3));

        Reply patched = f.admin.send("PATCH", SUBSCRIPTIONS + "/" + id, "{\"description\": \"slow receiver\"}", EgressFixture.TOKEN);
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.body().getJsonObject("rateLimit")).as("a patch keeps what it does not name")
                .isEqualTo(new JsonObject().put("perSecond", 2.5).put("burst", 3));
        Reply patchedLimit = f.admin.send("PATCH", SUBSCRIPTIONS + "/" + id, "{\"rateLimit\": {\"burst\": 7}}", EgressFixture.TOKEN);
        assertThat(patchedLimit.body().getJsonObject("rateLimit")).isEqualTo(new JsonObject().put("perSecond", 2.5).put("burst", 7));
        Reply unlimited = f.admin.send("PATCH", SUBSCRIPTIONS + "/" + id, "{\"rateLimit\": null}", EgressFixture.TOKEN);
        assertThat(unlimited.body().containsKey("rateLimit")).isFalse();

        f.admin.put(SUBSCRIPTIONS + "/" + id, valid().put("rateLimit", new JsonObject().put("perSecond", 1)));
        Reply removed = f.admin.put(SUBSCRIPTIONS + "/" + id, valid());
        assertThat(removed.body().containsKey("rateLimit")).as("PUT replaces: no rateLimit, no limit").isFalse();

        for (Object[] bad : new Object[][]{
                {new JsonObject().put("perSecond", 0), "rateLimit.perSecond"},
                {new JsonObject().put("perSecond", "fast"), "rateLimit.perSecond"},
                {new JsonObject().put("burst", 3), "rateLimit.perSecond"},
                {new JsonObject().put("perSecond", 1).put("burst", 0), "rateLimit.burst"},
                {new JsonObject().put("perSecond", 1).put("burst", 1.5), "rateLimit.burst"},
                {new JsonObject().put("perSecond", 1).put("per", 1), "rateLimit.per"},
                {"10/s", "rateLimit"}}) {
            Reply refused = f.admin.post(SUBSCRIPTIONS, valid().put("rateLimit", bad[0]));
            assertThat(refused.status()).as("%s", bad[0]).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.body().encode()).as("%s", bad[0]).contains("\"" + bad[1] + "\"");
        }
    }
}
