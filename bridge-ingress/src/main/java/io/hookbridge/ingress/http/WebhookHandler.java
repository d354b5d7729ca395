package io.hookbridge.ingress.http;

import io.hookbridge.common.config.IngressConfig;
import io.hookbridge.common.config.Topics;
import io.hookbridge.common.http.Problem;
import io.hookbridge.common.record.InboundWebhook;
import io.hookbridge.ingress.kafka.InboundSender;
import io.hookbridge.ingress.kafka.TopicLimit;
import io.hookbridge.ingress.verify.Rejection;
import io.hookbridge.ingress.verify.Verified;
import io.hookbridge.ingress.verify.Verifier;
import io.hookbridge.ingress.verify.WebhookRequest;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The last link of {@code POST /webhooks/{source}}:
 * <pre>
 *   verify raw body --401/400/415--> problem, nothing written
 *        |  (a question such as Slack's url_verification: answered 200, nothing written)
 *   record fits the topic? --no--> 413
 *        |
 *   send, acks=all --ack within ackTimeout--> 202 {"deliveryId"}
 *                  --refused as too large---> 413
 *                  --error or no ack--------> 503 + Retry-After (the provider retries; the egress dedupes)
 * </pre>
 * Never a 2xx before Kafka's ack.
 */
public final class WebhookHandler implements Handler<RoutingContext> {

    static final int RECORD_PRODUCED = 202;
    static final int QUESTION_ANSWERED = 200;
    static final int KAFKA_UNAVAILABLE = 503;
    static final String RETRY_AFTER_SECONDS = "5";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);

    private final Map<String, Verifier> verifiers;
    private final InboundSender sender;
    private final TopicLimit topicLimit;
    private final String topic;
    private final long ackTimeoutMs;
    private final IngressMetrics metrics;

    public WebhookHandler(Map<String, Verifier> verifiers, InboundSender sender, TopicLimit topicLimit, Topics topics,
                          IngressConfig config, IngressMetrics metrics) {
        this.verifiers = Map.copyOf(verifiers);
        this.sender = sender;
        this.topicLimit = topicLimit;
        this.topic = topics.inbound();
        this.ackTimeoutMs = config.ackTimeout().toMillis();
        this.metrics = metrics;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String source = ctx.pathParam("source");
        Verifier verifier = verifiers.get(source);
        long receivedAt = System.currentTimeMillis();
        byte[] body = RawBodyHandler.body(ctx);
        Verified verified;
        try {
            verified = verifier.verify(new WebhookRequest(source, ctx.request().headers(), body, receivedAt));
        } catch (Rejection rejection) {
            refuse(ctx, source, null, rejection.problem());
            return;
        }
        if (verified.isAnswer()) {
            metrics.request(source, "answered");
            ctx.response().setStatusCode(QUESTION_ANSWERED).putHeader("content-type", "application/json").end(verified.reply());
            return;
        }
        InboundWebhook webhook = new InboundWebhook(verified.deliveryId(), source, verified.eventType(), receivedAt,
                ctx.request().getHeader("content-type"), verified.providerHeaders(), body);
        ProducerRecord<byte[], byte[]> record = webhook.toRecord(topic);
        if (topicLimit.refuses(record)) {
            refuse(ctx, source, webhook.deliveryId(), tooLarge("the record would be larger than topic " + topic
                    + " accepts (max.message.bytes=" + topicLimit.maxMessageBytes() + ")"));
            return;
        }
        long started = System.nanoTime();
        sender.send(record)
                .timeout(ackTimeoutMs, TimeUnit.MILLISECONDS)
                .onSuccess(v -> {
                    metrics.ack(System.nanoTime() - started);
                    metrics.request(source, "accepted");
                    ctx.response().setStatusCode(RECORD_PRODUCED)
                            .putHeader("content-type", "application/json")
                            .end(new JsonObject().put("deliveryId", webhook.deliveryId()).toBuffer());
                })
                .onFailure(error -> {
                    if (error instanceof RecordTooLargeException || error instanceof RecordBatchTooLargeException) {
                        refuse(ctx, source, webhook.deliveryId(), tooLarge("the record is larger than topic " + topic + " accepts"));
                    } else {
                        ctx.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
                        refuse(ctx, source, webhook.deliveryId(), Problem.of(KAFKA_UNAVAILABLE, "kafka-unavailable",
                                "Kafka did not acknowledge", "not acknowledged within " + ackTimeoutMs
                                        + " ms (" + error.getClass().getSimpleName() + "); retry later"));
                    }
                });
    }

    private static Problem tooLarge(String detail) {
        return Problem.of(413, "payload-too-large", "Payload too large", detail);
    }

    private void refuse(RoutingContext ctx, String source, String deliveryId, Problem problem) {
        String outcome = problem.type().substring(problem.type().lastIndexOf('/') + 1);
        metrics.request(source, outcome);
        LOG.atInfo().setMessage("webhook rejected").addKeyValue("source", source).addKeyValue("status", problem.status())
                .addKeyValue("reason", outcome).addKeyValue("deliveryId", deliveryId).log();
        problem.send(ctx);
    }
}
