package io.hookbridge.egress.attempts;

import io.hookbridge.common.config.ConfigLoader;
import io.hookbridge.egress.Egress;
import io.hookbridge.egress.testing.AdminClient;
import io.hookbridge.egress.testing.AdminClient.Reply;
import io.hookbridge.egress.testing.EgressFixture;
import io.hookbridge.egress.testing.Receiver;
import io.hookbridge.testing.KafkaBroker;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The delivery log over real HTTP against a real broker, with TWO egress instances sharing the work (one
 * consumer group) and each keeping its own index: every query gives the same answer whichever is asked;
 * a replay of a range delivers exactly the events in it; startFrom backfills; resend and the test event.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeliveryLogApiTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static EgressFixture f;
    private static Egress second;
    private static java.nio.file.Path secondState;
    private static final String DELIVERY = "{ retrySchedule: [1s], allowPrivateTargets: true }";
    private static AdminClient one;
    private static AdminClient two;
    private static HttpServer failing;
    private static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void start() throws Exception {
        f = new EgressFixture(DELIVERY);
        secondState = Files.createTempDirectory("egress-state-2");
        startSecond();
        one = f.admin;
        // A receiver that is down for maintenance: 503 with a body and a Retry-After it does not mean.
        failing = f.vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> req.response()
                .setStatusCode(503).putHeader("content-type", "text/plain").putHeader("x-not-kept", "1")
                .end("down for maintenance, " + "x".repeat(2000)))).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        producer = new KafkaProducer<>(KafkaBroker.producerProps(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() throws Exception {
        producer.close();
        if (second != null) second.stop().await(60, TimeUnit.SECONDS);
        f.close();
    }

    @Test
    void attemptsStatsAndJourneyAreTheSameOnBothInstances() {
        String ok = one.subscribe(f.receiver.url("/ok"), "shop.*").getString("id");
        String down = one.subscribe("http://127.0.0.1:" + failing.actualPort() + "/hook", "shop.*").getString("id");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) ids.add(f.events.publish("shop.order", "{\"n\":" + i + "}"));
        inbound(ids.get(0));
        inbound(ids.get(0));

        // Each event: one success for `ok`, two failed attempts (1 retry) for `down`.
        JsonArray okAttempts = awaitSame("/api/v1/subscriptions/" + ok + "/attempts", r -> r.body().getJsonArray("data").size() == 3)
                .body().getJsonArray("data");
        JsonArray downAttempts = awaitSame("/api/v1/subscriptions/" + down + "/attempts", r -> r.body().getJsonArray("data").size() == 6)
                .body().getJsonArray("data");

        JsonObject first = okAttempts.getJsonObject(0);
        assertThat(first.getString("subscription")).isEqualTo(ok);
        assertThat(first.getString("outcome")).isEqualTo("success");
        assertThat(first.getInteger("status")).isEqualTo(204);
        assertThat(first.getInteger("attempt")).isEqualTo(1);
        assertThat(first.getString("eventType")).isEqualTo("shop.order");
        assertThat(okAttempts.stream().map(a -> ((JsonObject) a).getString("eventId")).toList()).containsExactlyInAnyOrderElementsOf(ids);
        List<Instant> times = okAttempts.stream().map(a -> Instant.parse(((JsonObject) a).getString("at"))).toList();
        assertThat(times).as("newest first").isSortedAccordingTo((a, b) -> b.compareTo(a));

        JsonObject failed = downAttempts.getJsonObject(0);
        assertThat(failed.getString("outcome")).isEqualTo("http-error");
        assertThat(failed.getInteger("status")).isEqualTo(503);
        assertThat(failed.getString("error")).isEqualTo("HTTP 503");
        assertThat(failed.getString("responseBody")).startsWith("down for maintenance, xxx").hasSize(1024);
        assertThat(failed.getJsonObject("responseHeaders").getMap()).containsEntry("content-type", "text/plain")
                .doesNotContainKey("x-not-kept");
        assertThat(downAttempts.stream().map(a -> ((JsonObject) a).getInteger("attempt")).toList())
                .containsExactlyInAnyOrder(1, 1, 1, 2, 2, 2);

        // Filters and pages.
        assertThat(one.get("/api/v1/subscriptions/" + down + "/attempts?status=success").body().getJsonArray("data")).isEmpty();
        assertThat(two.get("/api/v1/subscriptions/" + down + "/attempts?status=503").body().getJsonArray("data")).hasSize(6);
        assertThat(two.get("/api/v1/subscriptions/" + down + "/attempts?status=failure").body().getJsonArray("data")).hasSize(6);
        assertThat(one.get("/api/v1/subscriptions/" + ok + "/attempts?since=" + Instant.now().plusSeconds(60)).body()
                .getJsonArray("data")).isEmpty();
        Reply page1 = two.get("/api/v1/subscriptions/" + ok + "/attempts?limit=2");
        assertThat(page1.body().getJsonArray("data")).hasSize(2);
        String cursor = page1.body().getString("nextCursor");
        assertThat(cursor).isNotNull();
        Reply page2 = one.get("/api/v1/subscriptions/" + ok + "/attempts?limit=2&cursor=" + cursor);
        assertThat(page2.body().getJsonArray("data")).hasSize(1);
        assertThat(page2.body().getString("nextCursor")).isNull();
        JsonArray both = page1.body().getJsonArray("data").copy().addAll(page2.body().getJsonArray("data"));
        assertThat(both).isEqualTo(okAttempts);
        Reply bad = one.get("/api/v1/subscriptions/" + ok + "/attempts?status=sometimes");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.body().getString("field")).isEqualTo("status");
        assertThat(one.get("/api/v1/subscriptions/" + ok + "/attempts?cursor=nonsense").status()).isEqualTo(400);
        assertThat(one.get("/api/v1/subscriptions/sub_nope/attempts").status()).isEqualTo(404);

        // Stats.
        JsonObject stats = awaitSame("/api/v1/subscriptions/" + down + "/stats",
                r -> r.body().getJsonObject("lastHour").getLong("attempts") == 6).body();
        assertThat(stats.getJsonObject("lastHour").getDouble("successRate")).isEqualTo(0.0);
        assertThat(stats.getJsonObject("lastDay").getLong("failed")).isEqualTo(6);
        assertThat(stats.getJsonObject("lastHour").getJsonObject("latencyMs").getDouble("p99")).isPositive();
        assertThat(stats.getJsonObject("lastError").getInteger("status")).isEqualTo(503);
        JsonObject okStats = one.get("/api/v1/subscriptions/" + ok + "/stats").body();
        assertThat(okStats.getJsonObject("lastHour").getDouble("successRate")).isEqualTo(1.0);
        assertThat(okStats.getValue("lastError")).isNull();

        // The journey of one event: its CloudEvent, its body, its inbound copies, every attempt for every subscription.
        String id = ids.get(0);
        JsonObject journey = awaitSame("/api/v1/events/" + id, r -> r.status() == 200
                && r.body().getJsonArray("attempts").size() == 3 && r.body().getLong("inboundCopies") == 2).body();
        assertThat(journey.getJsonObject("event").getString("type")).isEqualTo("shop.order");
        assertThat(journey.getJsonObject("event").getString("id")).isEqualTo(id);
        assertThat(journey.getJsonObject("event").getString("source")).isEqualTo("/hookbridge/shop");
        assertThat(journey.getJsonObject("event").getString("data")).isEqualTo("{\"n\":0}");
        assertThat(journey.getJsonArray("attempts").stream().map(a -> ((JsonObject) a).getString("subscription")).toList())
                .containsExactlyInAnyOrder(ok, down, down);
        Reply missing = two.get("/api/v1/events/no-such-event");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().getString("type")).isEqualTo("/problems/event-not-found");
    }

    /**
     * First, so that the events topic's timestamps rise with its offsets as a producer's do: the range's events
     * are two hours old, and the other tests' events are written at the time they are written.
     */
    @Test
    @Order(1)
    void aReplayOfARangeDeliversExactlyTheEventsInIt() {
        String sub = one.subscribe(f.receiver.url("/range"), "range.*").getString("id");
        Instant base = Instant.now().minus(Duration.ofHours(2));
        List<String> before = new ArrayList<>();
        List<String> inside = new ArrayList<>();
        List<String> after = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Instant at = base.plus(Duration.ofMinutes(10L * i)); // minutes 0..90
            String id = publishAt("range.tick", at);
            (i < 3 ? before : i < 7 ? inside : after).add(id);
        }
        publishAt("other.tick", base.plus(Duration.ofMinutes(35))); // in range, another type
        await().atMost(WAIT).until(() -> f.receiver.idsAnswered2xx("/range").size() == 10);

        Instant since = base.plus(Duration.ofMinutes(30));
        Instant until = base.plus(Duration.ofMinutes(70));
        Reply started = two.post("/api/v1/subscriptions/" + sub + "/replay",
                new JsonObject().put("since", since.toString()).put("until", until.toString()));
        assertThat(started.status()).isEqualTo(202);
        String job = started.body().getString("id");
        assertThat(started.body().getString("status")).isEqualTo("running");

        await().atMost(WAIT).until(() -> replayed("/range").size() == 4);
        assertThat(replayed("/range")).containsExactlyInAnyOrderElementsOf(inside);
        assertThat(f.receiver.received("/range").stream().filter(r -> r.header("hookbridge-replay") != null)
                .map(r -> r.header("hookbridge-replay")).distinct().toList()).containsExactly("replay:" + job);
        Reply status = await().atMost(WAIT).until(() -> two.get("/api/v1/replays/" + job), r -> "done".equals(r.body().getString("status")));
        assertThat(status.body().getLong("queued")).isEqualTo(4);
        // The replayed attempts are in the log, marked.
        awaitSame("/api/v1/subscriptions/" + sub + "/attempts", r -> r.body().getJsonArray("data").stream()
                .filter(a -> ("replay:" + job).equals(((JsonObject) a).getString("replayOf"))).count() == 4);

        Reply invalid = one.post("/api/v1/subscriptions/" + sub + "/replay", new JsonObject().put("since", until.toString())
                .put("until", since.toString()));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body().getString("field")).isEqualTo("until");
        assertThat(one.post("/api/v1/subscriptions/" + sub + "/replay", new JsonObject().put("sinse", "x")).status()).isEqualTo(400);

        // startFrom: a new subscription gets every matching event from then on, before its creation.
        Reply created = one.post("/api/v1/subscriptions", new JsonObject().put("url", f.receiver.url("/backfill"))
                .put("eventTypes", new JsonArray().add("range.*")).put("startFrom", since.toString()));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().containsKey("startFrom")).isFalse();
        List<String> expected = new ArrayList<>(inside);
        expected.addAll(after);
        await().atMost(WAIT).until(() -> replayed("/backfill").size() == expected.size());
        assertThat(replayed("/backfill")).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(one.post("/api/v1/subscriptions", new JsonObject().put("url", f.receiver.url("/x"))
                .put("eventTypes", new JsonArray().add("range.*")).put("startFrom", "yesterday")).status()).isEqualTo(400);
    }

    @Test
    void resendDeliversOneEventAgainAndTheTestEventAnswersWithItsOutcome() {
        JsonObject sub = one.subscribe(f.receiver.url("/resend"), "resend.*");
        String id = f.events.publish("resend.me", "{\"again\":true}");
        await().atMost(WAIT).until(() -> f.receiver.idsAnswered2xx("/resend").size() == 1);
        await().atMost(WAIT).until(() -> two.get("/api/v1/events/" + id).status() == 200);

        Reply resent = two.post("/api/v1/events/" + id + "/resend", new JsonObject().put("subscription", sub.getString("id")));
        assertThat(resent.status()).isEqualTo(202);
        assertThat(resent.body().getInteger("resent")).isEqualTo(1);
        await().atMost(WAIT).until(() -> f.receiver.idsAnswered2xx("/resend").size() == 2);
        Receiver.Received again = f.receiver.received("/resend").get(1);
        assertThat(again.id()).isEqualTo(id);
        assertThat(again.header("hookbridge-replay")).isEqualTo(resent.body().getString("marker")).startsWith("resend:");
        assertThat(one.post("/api/v1/events/nope/resend", null).status()).isEqualTo(404);

        f.receiver.expectSecrets("/resend", sub.getString("secret"));
        Reply test = one.post("/api/v1/subscriptions/" + sub.getString("id") + "/test", null);
        assertThat(test.status()).isEqualTo(200);
        assertThat(test.body().getString("outcome")).isEqualTo("success");
        assertThat(test.body().getInteger("status")).isEqualTo(204);
        assertThat(test.body().getString("eventType")).isEqualTo("hookbridge.test");
        assertThat(test.body().getDouble("durationMs")).isPositive();
        Receiver.Received got = f.receiver.received("/resend").get(2);
        assertThat(got.verified()).as("signed with the subscription's secret").isTrue();
        assertThat(got.header("ce-type")).isEqualTo("hookbridge.test");
        assertThat(got.id()).isEqualTo(test.body().getString("eventId"));
        awaitSame("/api/v1/events/" + got.id(), r -> r.status() == 200 && r.body().getJsonArray("attempts").size() == 1);
    }

    /** After a restart, the second instance goes on from its stored index and answers as before. */
    @Test
    @Order(100)
    void anInstanceAnswersTheSameAfterARestart() throws Exception {
        String sub = one.subscribe(f.receiver.url("/restart"), "restart.*").getString("id");
        for (int i = 0; i < 3; i++) f.events.publish("restart.me", "{}");
        String path = "/api/v1/subscriptions/" + sub + "/attempts";
        JsonObject before = awaitSame(path, r -> r.body().getJsonArray("data").size() == 3).body();

        second.stop().await(60, TimeUnit.SECONDS);
        f.events.publish("restart.me", "{}"); // while it is down
        startSecond();

        JsonObject after = awaitSame(path, r -> r.body().getJsonArray("data").size() == 4).body();
        // Newest first: the attempt made while it was down, then the three it had before.
        assertThat(new JsonArray(after.getJsonArray("data").getList().subList(1, 4)).encode())
                .isEqualTo(before.getJsonArray("data").encode());
    }

    private static void startSecond() throws Exception {
        second = Egress.start(f.vertx, ConfigLoader.parse(EgressFixture.yaml(f.prefix, DELIVERY, 0, secondState.toString()),
                Map.of()), f.metrics).await(90, TimeUnit.SECONDS);
        two = new AdminClient(second.port(), EgressFixture.TOKEN);
    }

    /** Waits until instance one answers as wanted, then checks that instance two answers the same. */
    private static Reply awaitSame(String path, java.util.function.Predicate<Reply> wanted) {
        Reply a = await().atMost(WAIT).until(() -> one.get(path), r -> r.status() == 200 && wanted.test(r));
        return await().atMost(WAIT).until(() -> two.get(path), r -> r.status() == 200 && r.body().equals(a.body()));
    }

    private static Set<String> replayed(String path) {
        Set<String> ids = new HashSet<>();
        f.receiver.received(path).stream().filter(r -> r.header("hookbridge-replay") != null).forEach(r -> ids.add(r.id()));
        return ids;
    }

    private static String publishAt(String type, Instant at) {
        String id = UUID.randomUUID().toString();
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", bytes("1.0"));
        headers.add("ce_id", bytes(id));
        headers.add("ce_source", bytes("/hookbridge/" + type.substring(0, type.indexOf('.'))));
        headers.add("ce_type", bytes(type));
        headers.add("ce_time", bytes(at.toString()));
        headers.add("content-type", bytes("application/json"));
        send(new ProducerRecord<>(f.config.topics().events(), null, at.toEpochMilli(), bytes(id), bytes("{}"), headers));
        return id;
    }

    /** A copy of the webhook on topics.inbound, as the ingress writes one per request it acknowledged. */
    private static void inbound(String id) {
        send(new ProducerRecord<>(f.config.topics().inbound(), bytes(id), bytes("{}")));
    }

    private static void send(ProducerRecord<byte[], byte[]> record) {
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
