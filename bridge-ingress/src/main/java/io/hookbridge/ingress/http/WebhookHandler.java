package io.hookbridge.ingress.http;

import io.hookbridge.common.config.IngressConfig;
import io.hookbridge.common.config.Topics;
import io.hookbridge.common.http.Problem;
import io.hookbridge.common.record.InboundWebhook;
import io.hookbridge.ingress.kafka.InboundSender;
import io.hookbridge.ingress.verify.Rejection;
import io.hookbridge.ingress.verify.Verified;
import io.hookbridge.ingress.verify.Verifier;
import io.hookbridge.ingress.verify.WebhookRequest;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The last link of {@code POST /webhooks/{source}}: verify the raw body, write it to Kafka, and answer
 * 202 only after Kafka has acknowledged (acks=all). Anything that fails answers a problem and writes nothing.
 */
public final class WebhookHandler implements Handler<RoutingContext> {

    static final int RECORD_PRODUCED = 202;
    static final int KAFKA_UNAVAILABLE = 503;
    private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);

    private final Map<String, Verifier> verifiers;
    private final InboundSender sender;
    private final String topic;
    private final long ackTimeoutMs;
    private final IngressMetrics metrics;

    public WebhookHandler(Map<String, Verifier> verifiers, InboundSender sender, Topics topics,
                          IngressConfig config, IngressMetrics metrics) {
        this.verifiers = Map.copyOf(verifiers);
        this.sender = sender;
        this.topic = topics.inbound();
        this.ackTimeoutMs = config.ackTimeout().toMillis();
        this.metrics = metrics;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String source = ctx.pathParam("source");
        Verifier verifier = verifiers.get(source);
        long receivedAt = System.currentTimeMillis();
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        Verified verified;
        try {
            verified = verifier.verify(new WebhookRequest(source, ctx.request().headers(), body, receivedAt));
        } catch (Rejection rejection) {
            refuse(ctx, source, null, rejection.problem());
            return;
        }
        InboundWebhook webhook = new InboundWebhook(verified.deliveryId(), source, verified.eventType(), receivedAt,
                ctx.request().getHeader("content-type"), verified.providerHeaders(), body);
        long started = System.nanoTime();
        sender.send(webhook.toRecord(topic))
                .timeout(ackTimeoutMs, TimeUnit.MILLISECONDS)
                .onSuccess(v -> {
                    metrics.ack(System.nanoTime() - started);
                    metrics.request(source, "accepted");
                    ctx.response().setStatusCode(RECORD_PRODUCED)
                            .putHeader("content-type", "application/json")
                            .end(new JsonObject().put("deliveryId", webhook.deliveryId()).toBuffer());
                })
                .onFailure(error -> {
                    if (error instanceof RecordTooLargeException) {
                        refuse(ctx, source, webhook.deliveryId(), Problem.of(413, "payload-too-large",
                                "Payload too large", "the record is larger than the topic accepts"));
                    } else {
                        ctx.response().putHeader("Retry-After", "5");
                        refuse(ctx, source, webhook.deliveryId(), Problem.of(KAFKA_UNAVAILABLE, "kafka-unavailable",
                                "Kafka did not acknowledge", "not stored; retry later (" + error.getClass().getSimpleName() + ")"));
                    }
                });
    }

    private void refuse(RoutingContext ctx, String source, String deliveryId, Problem problem) {
        String outcome = problem.type().substring(problem.type().lastIndexOf('/') + 1);
        metrics.request(source, outcome);
        LOG.atInfo().setMessage("webhook rejected").addKeyValue("source", source).addKeyValue("status", problem.status())
                .addKeyValue("reason", outcome).addKeyValue("deliveryId", deliveryId).log();
        problem.send(ctx);
    }
}
