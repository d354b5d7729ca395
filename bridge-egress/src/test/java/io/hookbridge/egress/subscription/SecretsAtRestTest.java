package io.hookbridge.egress.subscription;

import io.hookbridge.common.config.ConfigException;
import io.hookbridge.common.kafka.KafkaAsyncProducer;
import io.hookbridge.common.kafka.KafkaClients;
import io.hookbridge.common.signature.StandardWebhooks;
import io.hookbridge.egress.testing.AdminClient.Reply;
import io.hookbridge.egress.testing.EgressFixture;
import io.hookbridge.testing.TopicReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What {@code topics.subscriptions} holds: secrets and header values sealed, records in clear from before
 * still read (and sealed at their next change), and a key rotation that keeps the old key for reading.
 */
class SecretsAtRestTest {

    private static EgressFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new EgressFixture("{ allowPrivateTargets: true, retrySchedule: [1s] }");
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void theTopicHoldsNoSecretOrHeaderValueInClear() throws Exception {
        JsonObject created = f.admin.post("/api/v1/subscriptions", new JsonObject().put("url", "http://127.0.0.1:9/h")
                .put("eventTypes", new JsonArray().add("a.b"))
                .put("headers", new JsonObject().put("Authorization", "Bearer receivers-own-token"))).body();
        String id = created.getString("id");
        f.admin.post("/api/v1/subscriptions/" + id + "/rotate-secret", null);

        String stored = latest(id);
        assertThat(stored).contains("\"sealed\"", id, "http://127.0.0.1:9/h")
                .doesNotContain(created.getString("secret").substring(6), "receivers-own-token");
        Subscription read = f.stored(id);
        assertThat(read.headers()).containsEntry("Authorization", "Bearer receivers-own-token");
        assertThat(read.previousSecret()).isEqualTo(created.getString("secret"));
    }

    @Test
    void aRecordInClearIsReadAndSealedAtItsNextChange() throws Exception {
        String id = "sub_plain" + System.nanoTime();
        String secret = StandardWebhooks.newSecret();
        JsonObject plain = new JsonObject().put("id", id).put("url", "http://127.0.0.1:9/old")
                .put("eventTypes", new JsonArray().add("a.b")).put("headers", new JsonObject().put("X-Key", "k-in-clear"))
                .put("enabled", true).put("secret", secret).put("createdAt", Instant.now()).put("updatedAt", Instant.now());
        write(id, plain.encode());
        await().atMost(Duration.ofSeconds(10)).until(() -> f.admin.get("/api/v1/subscriptions/" + id).status() == 200);
        assertThat(f.admin.get("/api/v1/subscriptions/" + id).body().getJsonObject("headers").getString("X-Key")).isEqualTo("***");

        Reply patched = f.admin.send("PATCH", "/api/v1/subscriptions/" + id, "{}", EgressFixture.TOKEN, "application/merge-patch+json");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(latest(id)).contains("\"sealed\"").doesNotContain("k-in-clear", secret.substring(6));
        assertThat(f.stored(id).secret()).isEqualTo(secret);
        assertThat(f.stored(id).headers()).containsEntry("X-Key", "k-in-clear");
    }

    @Test
    void aRotatedKeyReadsWithThePreviousOneAndFailsLoudlyWithoutIt() throws Exception {
        String id = f.admin.post("/api/v1/subscriptions", new JsonObject().put("url", "http://127.0.0.1:9/r")
                .put("eventTypes", new JsonArray().add("a.b"))).body().getString("id");
        String next = Base64.getEncoder().encodeToString(SecretSealer.newKey());

        try (KafkaAsyncProducer producer = KafkaAsyncProducer.create(KafkaClients.producer(f.config.kafka(), "rotated"));
             SubscriptionStore rotated = new SubscriptionStore(f.config.kafka(), f.config.topics().subscriptions(), producer,
                     SecretSealer.of(next, List.of(EgressFixture.SECRETS_KEY)))) {
            rotated.start();
            assertThat(rotated.awaitLoaded(Duration.ofSeconds(30))).isTrue();
            assertThat(rotated.find(id).secret()).startsWith("whsec_");
        }
        try (KafkaAsyncProducer producer = KafkaAsyncProducer.create(KafkaClients.producer(f.config.kafka(), "forgot"));
             SubscriptionStore forgot = new SubscriptionStore(f.config.kafka(), f.config.topics().subscriptions(), producer,
                     SecretSealer.of(next, List.of()))) {
            forgot.start();
            assertThatThrownBy(() -> forgot.awaitLoaded(Duration.ofSeconds(30))).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("egress.secretsKey: ").hasMessageContaining(id)
                    .hasMessageContaining(SecretSealer.keyId(Base64.getDecoder().decode(EgressFixture.SECRETS_KEY)));
        }
    }

    private static void write(String id, String value) throws Exception {
        try (KafkaAsyncProducer producer = KafkaAsyncProducer.create(KafkaClients.producer(f.config.kafka(), "legacy"))) {
            producer.producer().send(new ProducerRecord<>(f.config.topics().subscriptions(),
                    id.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
        }
    }

    /** The latest stored value of a subscription, as any Kafka client reads it. */
    private static String latest(String id) {
        try (TopicReader reader = new TopicReader(f.config.topics().subscriptions())) {
            String last = null;
            for (ConsumerRecord<byte[], byte[]> r : reader.readAll(1, Duration.ofSeconds(10), Duration.ofSeconds(1))) {
                if (id.equals(TopicReader.key(r)) && r.value() != null) last = new String(r.value(), StandardCharsets.UTF_8);
            }
            return last;
        }
    }
}
