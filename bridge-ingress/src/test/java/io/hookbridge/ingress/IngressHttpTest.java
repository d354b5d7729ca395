package io.hookbridge.ingress;

import io.hookbridge.common.signature.StandardWebhooks;
import io.hookbridge.testing.KafkaBroker;
import io.hookbridge.testing.TestTopics;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static io.hookbridge.ingress.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every verifier over real HTTP against a real broker: a genuine request is answered 202 only once its
 * record is in Kafka, with the contract's key, value and headers; every forged one is answered 401 and
 * writes nothing; every other bad input gets its problem.
 */
class IngressHttpTest {

    static final String GITHUB_SECRET = "It's a Secret to Everybody";
    static final String STRIPE_SECRET = "whsec_stripe_test_secret";
    static final String SHOPIFY_SECRET = "shpss_secret";
    static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    static final String SW_SECRET = StandardWebhooks.newSecret();
    static final String LEGACY_SECRET = "legacy-secret";

    private static RunningIngress ingress;
    private static InboundTopic inbound;

    @BeforeAll
    static void start() throws Exception {
        String prefix = TestTopics.uniquePrefix();
        ingress = RunningIngress.start("""
                kafka: { bootstrapServers: "%s" }
                topics: { inbound: %s.inbound, partitions: 2 }
                ingress:
                  port: 0
                  maxBodyBytes: 65536
                  sources:
                    github:  { verifier: github, secrets: ["old-github-secret", "${GITHUB_SECRET}"] }
                    stripe:  { verifier: stripe, secrets: ["${STRIPE_SECRET}"], tolerance: 5m }
                    shop:    { verifier: shopify, secrets: ["${SHOPIFY_SECRET}"] }
                    slack:   { verifier: slack, secrets: ["${SLACK_SECRET}"], tolerance: 5m }
                    billing: { verifier: standard-webhooks, secrets: ["${SW_SECRET}"], tolerance: 5m }
                    legacy:  { verifier: hmac, header: X-Signature, algorithm: sha256, encoding: hex, prefix: "sha256=",
                               secrets: ["${LEGACY_SECRET}"], deliveryIdHeader: X-Request-Id, eventTypeHeader: X-Event }
                    crm:     { verifier: bearer, tokens: ["crm-token-1", "crm-token-2"] }
                    partner: { verifier: api-key, header: X-Api-Key, keys: ["partner-key"] }
                    default-key: { verifier: api-key, keys: ["raw-key"] }
                    open:    { verifier: none }
                """.formatted(KafkaBroker.bootstrapServers(), prefix),
                Map.of("GITHUB_SECRET", GITHUB_SECRET, "STRIPE_SECRET", STRIPE_SECRET, "SHOPIFY_SECRET", SHOPIFY_SECRET,
                        "SLACK_SECRET", SLACK_SECRET, "SW_SECRET", SW_SECRET, "LEGACY_SECRET", LEGACY_SECRET));
        inbound = new InboundTopic(KafkaBroker.bootstrapServers(), ingress.config().topics().inbound());
    }

    @AfterAll
    static void stop() throws Exception {
        inbound.close();
        ingress.close();
    }

    @BeforeEach
    void forgetEarlierRecords() {
        inbound.newRecords();
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** The one record this test wrote, after asserting there is exactly one. */
    private static ConsumerRecord<byte[], byte[]> theOnlyNewRecord() {
        List<ConsumerRecord<byte[], byte[]>> records = inbound.newRecords();
        assertThat(records).as("records written").hasSize(1);
        return records.get(0);
    }

    private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : record.headers()) headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        return headers;
    }

    private static void assertAccepted(HttpResponse<String> response, String deliveryId) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(new JsonObject(response.body())).isEqualTo(new JsonObject().put("deliveryId", deliveryId));
    }

    private static void assertStored(ConsumerRecord<byte[], byte[]> record, String deliveryId, String source, String eventType,
                                     byte[] body, String contentType, Map<String, String> httpHeaders) {
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(deliveryId);
        assertThat(record.value()).isEqualTo(body);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("hookbridge-source", source);
        expected.put("hookbridge-event-type", eventType);
        if (contentType != null) expected.put("content-type", contentType);
        httpHeaders.forEach((k, v) -> expected.put("http-" + k, v));
        Map<String, String> actual = headers(record);
        String receivedAt = actual.remove("hookbridge-received-at");
        assertThat(Long.parseLong(receivedAt)).isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis());
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void github() throws Exception {
        String id = UUID.randomUUID().toString();
        byte[] body = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
        String signature = Signers.github(GITHUB_SECRET, body);

        assertProblem(ingress.post("github", "{\"ref\":\"refs/heads/evil\"}", "X-Hub-Signature-256", signature,
                "X-GitHub-Delivery", id, "X-GitHub-Event", "push"), 401, "invalid-signature");
        assertProblem(ingress.post("github", body, "X-Hub-Signature-256", Signers.github("wrong", body),
                "X-GitHub-Delivery", id, "X-GitHub-Event", "push"), 401, "invalid-signature");
        assertProblem(ingress.post("github", body, "X-GitHub-Delivery", id, "X-GitHub-Event", "push"), 401, "invalid-signature");
        assertProblem(ingress.post("github", body, "X-Hub-Signature-256", signature, "X-GitHub-Event", "push"),
                400, "missing-delivery-id");
        // the old secret of a rotation still signs
        assertAccepted(ingress.post("github", "{}", "X-Hub-Signature-256", Signers.github("old-github-secret", "{}".getBytes()),
                "X-GitHub-Delivery", id + "-old", "Content-Type", "application/json"), id + "-old");
        assertThat(TopicKeys.of(inbound.newRecords())).containsExactly(id + "-old");

        HttpResponse<String> response = ingress.post("github", body, "Content-Type", "application/json",
                "X-Hub-Signature-256", signature, "X-GitHub-Delivery", id, "X-GitHub-Event", "push", "User-Agent", "GitHub-Hookshot/1");

        assertAccepted(response, id);
        assertStored(theOnlyNewRecord(), id, "github", "push", body, "application/json",
                Map.of("x-hub-signature-256", signature, "x-github-delivery", id, "x-github-event", "push"));
    }

    @Test
    void githubsOwnTestVectorOverHttp() throws Exception {
        String id = UUID.randomUUID().toString();
        assertAccepted(ingress.post("github", "Hello, World!", "X-Hub-Signature-256",
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", "X-GitHub-Delivery", id), id);
        assertThat(TopicKeys.of(inbound.newRecords())).containsExactly(id);
    }

    @Test
    void stripe() throws Exception {
        String id = "evt_" + UUID.randomUUID().toString().replace("-", "");
        String body = "{\"id\":\"" + id + "\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\",\"data\":{\"object\":{}}}";
        long t = now();

        assertProblem(ingress.post("stripe", body.replace("succeeded", "failed"), "Content-Type", "application/json",
                "Stripe-Signature", Signers.stripe(STRIPE_SECRET, t, body)), 401, "invalid-signature");
        assertProblem(ingress.post("stripe", body, "Content-Type", "application/json",
                "Stripe-Signature", Signers.stripe("whsec_wrong", t, body)), 401, "invalid-signature");
        assertProblem(ingress.post("stripe", body, "Content-Type", "application/json",
                "Stripe-Signature", Signers.stripe(STRIPE_SECRET, t - 600, body)), 401, "invalid-signature");
        assertProblem(ingress.post("stripe", body, "Content-Type", "application/json",
                "Stripe-Signature", Signers.stripe(STRIPE_SECRET, t + 600, body)), 401, "invalid-signature");
        assertProblem(ingress.post("stripe", body, "Content-Type", "application/json"), 401, "invalid-signature");
        assertProblem(ingress.post("stripe", body, "Content-Type", "text/plain",
                "Stripe-Signature", Signers.stripe(STRIPE_SECRET, t, body)), 415, "unsupported-media-type");
        String broken = "{\"id\":\"" + id + "\"";
        assertProblem(ingress.post("stripe", broken, "Content-Type", "application/json",
                "Stripe-Signature", Signers.stripe(STRIPE_SECRET, t, broken)), 400, "malformed-body");
        assertThat(inbound.newRecords()).isEmpty();

        String header = Signers.stripe(STRIPE_SECRET, t, body);
        assertAccepted(ingress.post("stripe", body, "Content-Type", "application/json; charset=utf-8", "Stripe-Signature", header), id);
        ConsumerRecord<byte[], byte[]> record = theOnlyNewRecord();
        assertStored(record, id, "stripe", "payment_intent.succeeded", body.getBytes(StandardCharsets.UTF_8),
                "application/json; charset=utf-8", Map.of("stripe-signature", header));
        // A consumer can re-verify the stored record with Stripe's own library.
        com.stripe.net.Webhook.Signature.verifyHeader(new String(record.value(), StandardCharsets.UTF_8),
                headers(record).get("http-stripe-signature"), STRIPE_SECRET, 300);
    }

    @Test
    void shopify() throws Exception {
        String id = UUID.randomUUID().toString();
        byte[] body = "{\"id\":820982911946154508,\"total_price\":\"10.00\"}".getBytes(StandardCharsets.UTF_8);
        String signature = Signers.shopify(SHOPIFY_SECRET, body);

        assertProblem(ingress.post("shop", "{\"id\":820982911946154508,\"total_price\":\"0.01\"}", "X-Shopify-Hmac-Sha256", signature,
                "X-Shopify-Webhook-Id", id), 401, "invalid-signature");
        assertProblem(ingress.post("shop", body, "X-Shopify-Hmac-Sha256", Signers.shopify("wrong", body),
                "X-Shopify-Webhook-Id", id), 401, "invalid-signature");
        assertProblem(ingress.post("shop", body, "X-Shopify-Webhook-Id", id), 401, "invalid-signature");
        assertThat(inbound.newRecords()).isEmpty();

        assertAccepted(ingress.post("shop", body, "Content-Type", "application/json", "X-Shopify-Hmac-Sha256", signature,
                "X-Shopify-Webhook-Id", id, "X-Shopify-Topic", "orders/paid", "X-Shopify-Shop-Domain", "s.myshopify.com"), id);
        assertStored(theOnlyNewRecord(), id, "shop", "orders/paid", body, "application/json",
                Map.of("x-shopify-hmac-sha256", signature, "x-shopify-webhook-id", id, "x-shopify-topic", "orders/paid",
                        "x-shopify-shop-domain", "s.myshopify.com"));
    }

    @Test
    void slack() throws Exception {
        String eventId = "Ev" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase();
        String body = "{\"type\":\"event_callback\",\"event_id\":\"" + eventId + "\",\"event\":{\"type\":\"message\",\"text\":\"hi\"}}";
        long ts = now();
        String signature = Signers.slack(SLACK_SECRET, ts, body);

        assertProblem(ingress.post("slack", body.replace("hi", "ho"), "Content-Type", "application/json",
                "X-Slack-Request-Timestamp", Long.toString(ts), "X-Slack-Signature", signature), 401, "invalid-signature");
        assertProblem(ingress.post("slack", body, "Content-Type", "application/json",
                "X-Slack-Request-Timestamp", Long.toString(ts), "X-Slack-Signature", Signers.slack("wrong", ts, body)), 401, "invalid-signature");
        assertProblem(ingress.post("slack", body, "Content-Type", "application/json", "X-Slack-Request-Timestamp",
                Long.toString(ts - 600), "X-Slack-Signature", Signers.slack(SLACK_SECRET, ts - 600, body)), 401, "invalid-signature");
        assertProblem(ingress.post("slack", body, "Content-Type", "application/json", "X-Slack-Request-Timestamp",
                Long.toString(ts + 600), "X-Slack-Signature", Signers.slack(SLACK_SECRET, ts + 600, body)), 401, "invalid-signature");
        assertProblem(ingress.post("slack", body, "Content-Type", "application/json", "X-Slack-Signature", signature),
                401, "invalid-signature");
        assertThat(inbound.newRecords()).isEmpty();

        assertAccepted(ingress.post("slack", body, "Content-Type", "application/json",
                "X-Slack-Request-Timestamp", Long.toString(ts), "X-Slack-Signature", signature), eventId);
        assertStored(theOnlyNewRecord(), eventId, "slack", "message", body.getBytes(StandardCharsets.UTF_8), "application/json",
                Map.of("x-slack-signature", signature, "x-slack-request-timestamp", Long.toString(ts)));
    }

    @Test
    void aSlackSlashCommandKeepsItsFormBodyByteForByte() throws Exception {
        String form = "token=x&team_id=T1&command=%2Fdeploy&text=prod+now&response_url=https%3A%2F%2Fhooks.slack.com%2Fx&trigger_id="
                + UUID.randomUUID();
        long ts = now();
        HttpResponse<String> response = ingress.post("slack", form, "Content-Type", "application/x-www-form-urlencoded",
                "X-Slack-Request-Timestamp", Long.toString(ts), "X-Slack-Signature", Signers.slack(SLACK_SECRET, ts, form));

        String hash = io.hookbridge.ingress.verify.ContentHash.of("slack", form.getBytes(StandardCharsets.UTF_8));
        assertAccepted(response, hash);
        ConsumerRecord<byte[], byte[]> record = theOnlyNewRecord();
        assertThat(record.value()).isEqualTo(form.getBytes(StandardCharsets.UTF_8));
        assertThat(headers(record)).containsEntry("hookbridge-event-type", "slash_command");
    }

    @Test
    void slacksUrlVerificationIsAnsweredWithTheChallengeAndWritesNothing() throws Exception {
        String body = "{\"token\":\"t\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\",\"type\":\"url_verification\"}";
        long ts = now();
        HttpResponse<String> response = ingress.post("slack", body, "Content-Type", "application/json",
                "X-Slack-Request-Timestamp", Long.toString(ts), "X-Slack-Signature", Signers.slack(SLACK_SECRET, ts, body));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(response.body()).getString("challenge")).isEqualTo("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
        assertProblem(ingress.post("slack", body, "Content-Type", "application/json",
                "X-Slack-Request-Timestamp", Long.toString(ts), "X-Slack-Signature", Signers.slack("wrong", ts, body)), 401, "invalid-signature");
        assertThat(inbound.newRecords()).isEmpty();
    }

    @Test
    void standardWebhooks() throws Exception {
        String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
        String body = "{\"type\":\"user.created\",\"timestamp\":\"2024-01-01T00:00:00Z\",\"data\":{\"id\":1}}";
        long ts = now();
        String signature = Signers.standardWebhooks(SW_SECRET, id, ts, body);

        assertProblem(ingress.post("billing", body.replace("1}", "2}"), "webhook-id", id, "webhook-timestamp", Long.toString(ts),
                "webhook-signature", signature), 401, "invalid-signature");
        assertProblem(ingress.post("billing", body, "webhook-id", id, "webhook-timestamp", Long.toString(ts),
                "webhook-signature", Signers.standardWebhooks(StandardWebhooks.newSecret(), id, ts, body)), 401, "invalid-signature");
        assertProblem(ingress.post("billing", body, "webhook-id", id, "webhook-timestamp", Long.toString(ts - 600),
                "webhook-signature", Signers.standardWebhooks(SW_SECRET, id, ts - 600, body)), 401, "invalid-signature");
        assertProblem(ingress.post("billing", body, "webhook-id", id, "webhook-timestamp", Long.toString(ts + 600),
                "webhook-signature", Signers.standardWebhooks(SW_SECRET, id, ts + 600, body)), 401, "invalid-signature");
        assertProblem(ingress.post("billing", body, "webhook-id", id, "webhook-timestamp", Long.toString(ts)), 401, "invalid-signature");
        assertThat(inbound.newRecords()).isEmpty();

        assertAccepted(ingress.post("billing", body, "Content-Type", "application/json", "webhook-id", id,
                "webhook-timestamp", Long.toString(ts), "webhook-signature", signature), id);
        assertStored(theOnlyNewRecord(), id, "billing", "user.created", body.getBytes(StandardCharsets.UTF_8), "application/json",
                Map.of("webhook-id", id, "webhook-timestamp", Long.toString(ts), "webhook-signature", signature));
    }

    @Test
    void genericHmac() throws Exception {
        String id = UUID.randomUUID().toString();
        byte[] body = "<order id=\"1\"/>".getBytes(StandardCharsets.UTF_8);
        String signature = "sha256=" + java.util.HexFormat.of().formatHex(Signers.hmac("HmacSHA256", LEGACY_SECRET, body));

        assertProblem(ingress.post("legacy", "<order id=\"2\"/>", "X-Signature", signature, "X-Request-Id", id), 401, "invalid-signature");
        assertProblem(ingress.post("legacy", body, "X-Request-Id", id), 401, "invalid-signature");
        assertThat(inbound.newRecords()).isEmpty();

        assertAccepted(ingress.post("legacy", body, "Content-Type", "application/xml", "X-Signature", signature,
                "X-Request-Id", id, "X-Event", "order.created"), id);
        assertStored(theOnlyNewRecord(), id, "legacy", "order.created", body, "application/xml",
                Map.of("x-signature", signature, "x-request-id", id, "x-event", "order.created"));
    }

    @Test
    void bearerAndApiKeysAreCheckedAndNeverStored() throws Exception {
        byte[] body = ("{\"n\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
        assertProblem(ingress.post("crm", body, "Authorization", "Bearer nope"), 401, "invalid-signature");
        assertProblem(ingress.post("crm", body), 401, "invalid-signature");
        assertProblem(ingress.post("partner", body, "X-Api-Key", "nope"), 401, "invalid-signature");
        assertProblem(ingress.post("default-key", body, "X-Api-Key", "raw-key"), 401, "invalid-signature");
        assertThat(inbound.newRecords()).isEmpty();

        String hash = io.hookbridge.ingress.verify.ContentHash.of("crm", body);
        assertAccepted(ingress.post("crm", body, "Authorization", "Bearer crm-token-2", "Content-Type", "application/json"), hash);
        assertStored(theOnlyNewRecord(), hash, "crm", "unknown", body, "application/json", Map.of());
        assertAccepted(ingress.post("partner", body, "X-Api-Key", "partner-key"), io.hookbridge.ingress.verify.ContentHash.of("partner", body));
        assertStored(theOnlyNewRecord(), io.hookbridge.ingress.verify.ContentHash.of("partner", body), "partner", "unknown", body,
                null, Map.of());
        assertAccepted(ingress.post("default-key", body, "Authorization", "raw-key"),
                io.hookbridge.ingress.verify.ContentHash.of("default-key", body));
        assertThat(inbound.newRecords()).hasSize(1);
    }

    @Test
    void aBinaryBodyIsStoredByteForByte() throws Exception {
        byte[] body = new byte[4096];
        new Random(42).nextBytes(body);
        String hash = io.hookbridge.ingress.verify.ContentHash.of("open", body);
        assertAccepted(ingress.post("open", body, "Content-Type", "application/octet-stream"), hash);
        assertStored(theOnlyNewRecord(), hash, "open", "unknown", body, "application/octet-stream", Map.of());
    }

    @Test
    void aBodyThatArrivesInManyChunksIsStoredByteForByte() throws Exception {
        // Netty hands a body over in pieces of at most 8 KiB: 60,000 bytes arrive as several chunks, with a
        // Content-Length and, from an InputStream, with chunked transfer encoding.
        byte[] body = new byte[60_000];
        new Random(7).nextBytes(body);
        String hash = io.hookbridge.ingress.verify.ContentHash.of("open", body);
        assertAccepted(ingress.post("open", body, "Content-Type", "application/octet-stream"), hash);
        assertStored(theOnlyNewRecord(), hash, "open", "unknown", body, "application/octet-stream", Map.of());

        HttpResponse<String> chunked = postChunked(body);
        assertThat(chunked.request().headers().firstValue("Content-Length")).isEmpty();
        assertAccepted(chunked, hash);
        assertThat(theOnlyNewRecord().value()).isEqualTo(body);

        assertProblem(postChunked(new byte[65_537]), 413, "payload-too-large");
        assertThat(inbound.newRecords()).isEmpty();
    }

    private static HttpResponse<String> postChunked(byte[] body) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(ingress.uri("/webhooks/open"))
                        .header("Content-Type", "application/octet-stream")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void formAndMultipartBodiesAreStoredAsSentNotParsed() throws Exception {
        byte[] form = ("a=1&b=%20x&c=" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        assertThat(ingress.post("open", form, "Content-Type", "application/x-www-form-urlencoded").statusCode()).isEqualTo(202);
        assertThat(theOnlyNewRecord().value()).isEqualTo(form);
        byte[] multipart = ("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n" + UUID.randomUUID() + "\r\n--XyZ--\r\n").getBytes(StandardCharsets.UTF_8);
        assertThat(ingress.post("open", multipart, "Content-Type", "multipart/form-data; boundary=XyZ").statusCode()).isEqualTo(202);
        assertThat(theOnlyNewRecord().value()).isEqualTo(multipart);
    }

    @Test
    void unknownSourcesRoutesAndMethodsAreProblems() throws Exception {
        assertProblem(ingress.post("nobody", "{}"), 404, "unknown-source");
        assertProblem(ingress.get("/nowhere"), 404, "not-found");
        assertProblem(ingress.get("/webhooks/github"), 405, "method-not-allowed");
        assertThat(inbound.newRecords()).isEmpty();
    }

    @Test
    void aProblemTypeLeadsToItsDocsOnTheSameServer() throws Exception {
        String type = assertProblem(ingress.post("nobody", "{}"), 404, "unknown-source").getString("type");
        HttpResponse<String> docs = ingress.get(type);
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.headers().firstValue("content-type")).hasValue("text/markdown; charset=utf-8");
        assertThat(docs.body()).contains("names no configured source");
    }

    @Test
    void aBodyOverMaxBodyBytesIs413() throws Exception {
        byte[] body = new byte[65537];
        assertProblem(ingress.post("open", body), 413, "payload-too-large");
        assertThat(inbound.newRecords()).isEmpty();
    }

    @Test
    void healthAndMetrics() throws Exception {
        assertThat(ingress.get("/health/live").statusCode()).isEqualTo(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> ingress.get("/health/ready").statusCode() == 200);
        ingress.post("open", "{}");
        ingress.post("nobody", "{}");
        String metrics = ingress.get("/metrics").body();
        assertThat(metrics).contains("hookbridge_ingress_requests_total{", "outcome=\"accepted\"", "source=\"open\"",
                "outcome=\"unknown-source\"", "hookbridge_ingress_ack_seconds_bucket");
        inbound.newRecords();
    }

    /** Keys of records, as text. */
    static final class TopicKeys {
        static List<String> of(List<ConsumerRecord<byte[], byte[]>> records) {
            return records.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
        }
    }
}
