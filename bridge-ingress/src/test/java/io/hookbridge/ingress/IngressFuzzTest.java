package io.hookbridge.ingress;

import io.hookbridge.common.signature.StandardWebhooks;
import io.hookbridge.ingress.verify.ContentHash;
import io.hookbridge.testing.KafkaBroker;
import io.hookbridge.testing.TestTopics;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of requests over real HTTP, seeded so a failure replays: genuine ones, genuine ones with one
 * thing broken (a body byte, a header, the secret, the clock, the content type), and pure noise. Whatever
 * comes in: no 5xx but 503, every 2xx is in Kafka, and nothing is in Kafka that was not genuine.
 */
class IngressFuzzTest {

    private static final long SEED = 20_240_601L;
    private static final int REQUESTS = 3000;
    private static final int CONCURRENCY = 32;
    private static final int MAX_BODY = 8192;
    private static final Set<Integer> ALLOWED = Set.of(200, 202, 400, 401, 404, 413, 415, 503);
    /** {@code ghost} is configured nowhere: 404. */
    private static final String[] SOURCES = {"github", "stripe", "shop", "slack", "billing", "legacy", "crm", "partner", "open", "ghost"};
    /** Sources whose check does not cover the body: a changed body is still genuine there. */
    private static final Set<String> BODY_UNSIGNED = Set.of("crm", "partner", "open");
    private static final String[] HEADER_POOL = {"X-Hub-Signature-256", "X-GitHub-Delivery", "X-GitHub-Event", "Stripe-Signature",
            "X-Shopify-Hmac-Sha256", "X-Shopify-Webhook-Id", "X-Slack-Signature", "X-Slack-Request-Timestamp", "webhook-id",
            "webhook-timestamp", "webhook-signature", "svix-id", "svix-signature", "X-Signature", "X-Timestamp", "X-Request-Id",
            "Authorization", "X-Api-Key", "Content-Type", "X-Event"};
    private static final String[] CONTENT_TYPES = {"application/json", "text/plain", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "application/octet-stream", "application/cloudevents+json", "json", ";;;"};
    /** Headers that carry the delivery id: left alone by the mutations, so every stored record has a known key. */
    private static final Set<String> ID_HEADERS = Set.of("X-GitHub-Delivery", "X-Shopify-Webhook-Id", "X-Request-Id");

    private final String swSecret = StandardWebhooks.newSecret();
    private final Random random = new Random(SEED);

    /** One request: what was sent, and whether it is genuine by construction. */
    private record Sent(int n, String source, String mutation, boolean genuine, String expectedId, byte[] body, String[] headers) {
    }

    @Test
    void noiseAndNearMissesNeverReachKafkaAndNeverBreakTheIngress() throws Exception {
        String prefix = TestTopics.uniquePrefix();
        try (RunningIngress ingress = RunningIngress.start("""
                kafka: { bootstrapServers: "%s" }
                topics: { inbound: %s.inbound, partitions: 2 }
                ingress:
                  port: 0
                  maxBodyBytes: %d
                  ackTimeout: 10s
                  sources:
                    github:  { verifier: github, secrets: ["gh-1", "gh-2"] }
                    stripe:  { verifier: stripe, secrets: ["whsec_st"], tolerance: 5m }
                    shop:    { verifier: shopify, secrets: ["sh"] }
                    slack:   { verifier: slack, secrets: ["sl"], tolerance: 5m }
                    billing: { verifier: standard-webhooks, secrets: ["%s"], tolerance: 5m }
                    legacy:  { verifier: hmac, header: X-Signature, algorithm: sha512, encoding: base64, timestampHeader: X-Timestamp,
                               signedContent: "{timestamp}.{body}", secrets: ["lg"], deliveryIdHeader: X-Request-Id }
                    crm:     { verifier: bearer, tokens: ["tok"], deliveryIdHeader: X-Request-Id }
                    partner: { verifier: api-key, header: X-Api-Key, keys: ["key"], deliveryIdHeader: X-Request-Id }
                    open:    { verifier: none, deliveryIdHeader: X-Request-Id }
                """.formatted(KafkaBroker.bootstrapServers(), prefix, MAX_BODY, swSecret), Map.of());
             InboundTopic inbound = new InboundTopic(KafkaBroker.bootstrapServers(), prefix + ".inbound")) {

            long started = System.nanoTime();
            Map<String, Sent> byId = new HashMap<>();
            Set<String> genuineIds = new HashSet<>();
            Set<String> acknowledged = new HashSet<>();
            Set<String> maybeWritten = new HashSet<>();
            Map<Integer, Integer> statuses = new java.util.TreeMap<>();
            for (int from = 0; from < REQUESTS; from += CONCURRENCY) {
                List<Sent> batch = new ArrayList<>();
                List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
                for (int n = from; n < Math.min(REQUESTS, from + CONCURRENCY); n++) {
                    Sent sent = next(n);
                    batch.add(sent);
                    if (sent.genuine()) genuineIds.add(sent.expectedId());
                    byId.put(sent.expectedId(), sent);
                    responses.add(ingress.postAsync(sent.source(), sent.body(), sent.headers()));
                }
                for (int i = 0; i < batch.size(); i++) {
                    Sent sent = batch.get(i);
                    HttpResponse<String> response = responses.get(i).get(60, TimeUnit.SECONDS);
                    int status = response.statusCode();
                    statuses.merge(status, 1, Integer::sum);
                    assertThat(ALLOWED).as("status of %s: %s", sent, response.body()).contains(status);
                    if (status == 202) {
                        String id = new JsonObject(response.body()).getString("deliveryId");
                        acknowledged.add(sent.source() + "/" + id);
                        assertThat(sent.genuine()).as("acknowledged but not genuine: %s", sent).isTrue();
                        assertThat(id).isEqualTo(sent.expectedId());
                    } else if (status == 503) {
                        maybeWritten.add(sent.expectedId());
                    } else {
                        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
                    }
                    if (sent.mutation().equals("none") && sent.genuine()) {
                        assertThat(status).as("a genuine request %s: %s", sent, response.body()).isIn(200, 202, 503);
                    }
                }
            }

            List<ConsumerRecord<byte[], byte[]>> records = inbound.newRecords();
            Set<String> written = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                String key = new String(record.key(), StandardCharsets.UTF_8);
                String source = new String(record.headers().lastHeader("hookbridge-source").value(), StandardCharsets.UTF_8);
                written.add(source + "/" + key);
                assertThat(genuineIds).as("record %s/%s was not genuine", source, key).contains(key);
                assertThat(record.value()).isEqualTo(byId.get(key).body());
            }
            assertThat(written).as("every 2xx is in Kafka").containsAll(acknowledged);
            for (String w : written) {
                String id = w.substring(w.indexOf('/') + 1);
                assertThat(acknowledged.contains(w) || maybeWritten.contains(id)).as("written but refused: %s", w).isTrue();
            }
            assertThat(statuses.get(202)).as("statuses %s", statuses).isGreaterThan(REQUESTS / 5);
            assertThat(statuses.get(401)).as("statuses %s", statuses).isGreaterThan(REQUESTS / 5);
            assertThat(statuses).as("statuses").containsKeys(404, 413, 415);
            org.slf4j.LoggerFactory.getLogger(IngressFuzzTest.class).info("{} requests in {} ms, statuses {}",
                    REQUESTS, (System.nanoTime() - started) / 1_000_000, statuses);
        }
    }

    private Sent next(int n) {
        String source = SOURCES[random.nextInt(SOURCES.length)];
        String id = "fz-" + n;
        long now = System.currentTimeMillis() / 1000;
        int roll = random.nextInt(100);
        String mutation = roll < 35 ? "none" : roll < 50 ? "body" : roll < 60 ? "drop-header" : roll < 70 ? "garbage-header"
                : roll < 80 ? "noise" : roll < 87 ? "clock" : roll < 94 ? "wrong-secret" : "content-type";
        long ts = mutation.equals("clock") ? now + (random.nextBoolean() ? 1 : -1) * (301 + random.nextInt(100_000)) : now;
        String body = body(source, id);
        List<String> headers = signed(source, id, body, ts, mutation.equals("wrong-secret"));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String expectedId = id;
        boolean genuine;
        switch (mutation) {
            case "body":
                if (bytes.length == 0) bytes = new byte[]{'x'};
                else bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
                genuine = BODY_UNSIGNED.contains(source);
                break;
            case "drop-header": {
                int i = mutableHeader(headers);
                String name = headers.get(i);
                headers.remove(i);
                headers.remove(i);
                genuine = harmless(source, name);
                break;
            }
            case "garbage-header": {
                int i = mutableHeader(headers);
                headers.set(i + 1, noise(1 + random.nextInt(120)));
                genuine = harmless(source, headers.get(i));
                break;
            }
            case "noise":
                headers.clear();
                for (int h = random.nextInt(8); h > 0; h--) {
                    String name = random.nextInt(4) == 0 ? noiseName() : HEADER_POOL[random.nextInt(HEADER_POOL.length)];
                    if (ID_HEADERS.contains(name)) continue;
                    headers.add(name);
                    headers.add(noise(random.nextInt(80)));
                }
                bytes = new byte[random.nextInt(3000)];
                random.nextBytes(bytes);
                headers.add("X-Request-Id");
                headers.add(id);
                genuine = source.equals("open");
                break;
            case "clock":
                genuine = !Set.of("stripe", "slack", "billing", "legacy").contains(source);
                break;
            case "wrong-secret":
                genuine = source.equals("open");
                break;
            case "content-type": {
                String type = CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)];
                headers.add("Content-Type");
                headers.add(type);
                boolean json = type.equals("application/json") || type.endsWith("+json");
                genuine = !Set.of("stripe", "slack").contains(source) || json
                        || source.equals("slack") && type.equals("application/x-www-form-urlencoded");
                if (source.equals("slack") && !json) expectedId = ContentHash.of(source, bytes);
                break;
            }
            default:
                genuine = true;
        }
        // Several Content-Types would be ambiguous: the last one added stands.
        dedupeContentType(headers);
        if (source.equals("ghost")) genuine = false;
        if (random.nextInt(50) == 0) {
            bytes = java.util.Arrays.copyOf(bytes, MAX_BODY + 1 + random.nextInt(2000));
            genuine = false;
        }
        return new Sent(n, source, mutation, genuine, expectedId, bytes, headers.toArray(String[]::new));
    }

    /** The index of a header that a drop or garbage mutation may hit: any but those that carry the delivery id. */
    private int mutableHeader(List<String> headers) {
        while (true) {
            int i = 2 * random.nextInt(headers.size() / 2);
            if (!ID_HEADERS.contains(headers.get(i))) return i;
        }
    }

    /** Headers whose loss or corruption leaves a request genuine (and stored). */
    private static boolean harmless(String source, String header) {
        if (header.equals("Content-Type")) return !source.equals("stripe") && !source.equals("slack");
        return Set.of("X-GitHub-Event", "X-Shopify-Topic", "X-Event").contains(header);
    }

    private String body(String source, String id) {
        String text = noiseText(random.nextInt(400));
        switch (source) {
            case "stripe":
                return new JsonObject().put("id", id).put("type", "charge.succeeded").put("data", new JsonObject().put("t", text)).encode();
            case "slack":
                return new JsonObject().put("type", "event_callback").put("event_id", id)
                        .put("event", new JsonObject().put("type", "message").put("text", text)).encode();
            case "billing":
                return new JsonObject().put("type", "invoice.paid").put("data", new JsonObject().put("t", text)).encode();
            default:
                return text;
        }
    }

    private List<String> signed(String source, String id, String body, long ts, boolean wrongSecret) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String w = wrongSecret ? "-wrong" : "";
        switch (source) {
            case "github":
                return new ArrayList<>(List.of("X-Hub-Signature-256", Signers.github((random.nextBoolean() ? "gh-1" : "gh-2") + w, bytes),
                        "X-GitHub-Delivery", id, "X-GitHub-Event", "push", "Content-Type", "application/json"));
            case "stripe":
                return new ArrayList<>(List.of("Stripe-Signature", Signers.stripe("whsec_st" + w, ts, body), "Content-Type", "application/json"));
            case "shop":
                return new ArrayList<>(List.of("X-Shopify-Hmac-Sha256", Signers.shopify("sh" + w, bytes), "X-Shopify-Webhook-Id", id,
                        "X-Shopify-Topic", "orders/create", "Content-Type", "application/json"));
            case "slack":
                return new ArrayList<>(List.of("X-Slack-Request-Timestamp", Long.toString(ts), "X-Slack-Signature",
                        Signers.slack("sl" + w, ts, body), "Content-Type", "application/json"));
            case "billing":
                return new ArrayList<>(List.of("webhook-id", id, "webhook-timestamp", Long.toString(ts), "webhook-signature",
                        Signers.standardWebhooks(wrongSecret ? StandardWebhooks.newSecret() : swSecret, id, ts, body),
                        "Content-Type", "application/json"));
            case "legacy":
                return new ArrayList<>(List.of("X-Signature", java.util.Base64.getEncoder().encodeToString(
                        Signers.hmac("HmacSHA512", "lg" + w, (ts + "." + body).getBytes(StandardCharsets.UTF_8))),
                        "X-Timestamp", Long.toString(ts), "X-Request-Id", id, "X-Event", "thing.happened"));
            case "crm":
                return new ArrayList<>(List.of("Authorization", "Bearer tok" + w, "X-Request-Id", id));
            case "partner":
                return new ArrayList<>(List.of("X-Api-Key", "key" + w, "X-Request-Id", id));
            default:
                return new ArrayList<>(List.of("X-Request-Id", id, "Content-Type", "text/plain"));
        }
    }

    private static void dedupeContentType(List<String> headers) {
        int last = -1;
        for (int i = 0; i < headers.size(); i += 2) {
            if (headers.get(i).equalsIgnoreCase("Content-Type")) last = i;
        }
        for (int i = headers.size() - 2; i >= 0; i -= 2) {
            if (i != last && headers.get(i).equalsIgnoreCase("Content-Type")) {
                headers.remove(i);
                headers.remove(i);
            }
        }
    }

    /** Printable ASCII that a header value may hold (no leading or trailing blanks). */
    private String noise(int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) s.append((char) (0x21 + random.nextInt(0x7e - 0x21 + 1)));
        return s.toString();
    }

    private String noiseName() {
        StringBuilder s = new StringBuilder("X-");
        for (int i = random.nextInt(12); i >= 0; i--) s.append((char) ('a' + random.nextInt(26)));
        return s.toString();
    }

    /** Text with some non-ASCII, quotes and separators, so bodies are not all alike. */
    private String noiseText(int length) {
        String alphabet = "abcxyz019 \"'{}[],:=&%+\\/ñé€😀\n\t";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) s.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0,
                random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
        return s.toString();
    }
}
