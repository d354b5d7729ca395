package io.hookbridge.ingress.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.hookbridge.common.config.IngressConfig;
import io.hookbridge.common.config.Topics;
import io.hookbridge.common.http.Problem;
import io.hookbridge.common.http.ProblemType;
import io.hookbridge.common.record.InboundWebhook;
import io.hookbridge.ingress.kafka.InboundSender;
import io.hookbridge.ingress.kafka.TopicLimit;
import io.hookbridge.ingress.verify.Rejection;
import io.hookbridge.ingress.verify.Verified;
import io.hookbridge.ingress.verify.Verifier;
import io.hookbridge.ingress.verify.WebhookRequest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code POST /webhooks/{source}} on one verticle's event loop, each step with one job and one failure answer:
 * <pre>
 *   known source? --no--> 404          in flight below maxInFlight? --no--> 503 overloaded + Retry-After
 *        |
 *   read the raw body, up to maxBodyBytes --beyond--> 413 (at once when Content-Length says so)
 *        |
 *   verify raw body --401/400/415--> problem, nothing written
 *        |  (a question such as Slack's url_verification: answered 200, nothing written)
 *   record fits the topic? --no--> 413
 *        |
 *   send, acks=all --ack within ackTimeout--> 202 {"deliveryId"}
 *                  --refused as too large---> 413
 *                  --error or no ack--------> 503 + Retry-After (the provider retries; the egress dedupes)
 * </pre>
 * Never a 2xx before Kafka's ack. A plain request handler rather than a Vert.x Web route: this is the hot
 * path, and a {@link Intake} per request costs less than a routing context and a chain of futures.
 */
public final class WebhookHandler {

    static final int RECORD_PRODUCED = 202;
    static final int QUESTION_ANSWERED = 200;
    static final String RETRY_AFTER_SECONDS = "5";
    private static final byte[] ACCEPTED_PREFIX = "{\"deliveryId\":\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ACCEPTED_SUFFIX = "\"}".getBytes(StandardCharsets.UTF_8);
    private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);

    private final Map<String, Verifier> verifiers;
    private final InboundSender sender;
    private final TopicLimit topicLimit;
    private final String topic;
    private final long maxBodyBytes;
    private final int maxInFlight;
    private final long ackTimeoutMs;
    private final AckDeadlines ackDeadlines;
    private final IngressMetrics metrics;
    /** Requests of this handler's verticle between admission and their answer; touched only on its event loop. */
    private int inFlight;

    public WebhookHandler(Vertx vertx, Map<String, Verifier> verifiers, InboundSender sender, TopicLimit topicLimit,
                          Topics topics, IngressConfig config, IngressMetrics metrics) {
        this.verifiers = Map.copyOf(verifiers);
        this.sender = sender;
        this.topicLimit = topicLimit;
        this.topic = topics.inbound();
        this.maxBodyBytes = config.maxBodyBytes();
        this.maxInFlight = config.maxInFlight();
        this.ackTimeoutMs = config.ackTimeout().toMillis();
        this.ackDeadlines = new AckDeadlines(vertx, config.ackTimeout());
        this.metrics = metrics;
    }

    /** Known source (404), then admission (503 overloaded), both before a byte of the body is read. */
    public void handle(HttpServerRequest request, String source) {
        Verifier verifier = verifiers.get(source);
        if (verifier == null) {
            metrics.request("unknown", "unknown-source");
            ProblemType.UNKNOWN_SOURCE.with("no source named '" + source + "' is configured")
                    .send(request.response());
            return;
        }
        if (inFlight >= maxInFlight) {
            metrics.request(source, "overloaded");
            request.response().putHeader("Retry-After", "1");
            ProblemType.OVERLOADED.with("too many requests in flight; retry later").send(request.response());
            return;
        }
        inFlight++;
        new Intake(request, source, verifier).readBody();
    }

    /** One request from its first body byte to its answer. */
    private final class Intake extends AckDeadlines.Waiting {

        private final HttpServerRequest request;
        private final String source;
        private final Verifier verifier;
        /** The first chunk as it came (most webhooks arrive in one), else a copy of all so far; null while empty. */
        private Buffer body;
        private boolean bodyCopied;
        private boolean answered;
        private String deliveryId;

        Intake(HttpServerRequest request, String source, Verifier verifier) {
            this.request = request;
            this.source = source;
            this.verifier = verifier;
        }

        /** The raw bytes as sent: never decoded as a form or multipart, which would change what was signed. */
        void readBody() {
            long declared = contentLength(request);
            if (declared > maxBodyBytes) {
                tooLargeBody();
                return;
            }
            if (request.version() == HttpVersion.HTTP_1_1 && "100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
                request.response().writeContinue();
            }
            // A connection lost before the answer frees the admission slot (the ack, if any, is then ignored).
            request.response().closeHandler(v -> finish());
            request.exceptionHandler(error -> finish());
            request.handler(chunk -> {
                if (answered) return;
                long length = (body == null ? 0 : body.length()) + chunk.length();
                if (length > maxBodyBytes) {
                    tooLargeBody();
                } else if (body == null) {
                    body = chunk;
                } else {
                    if (!bodyCopied) {
                        body = Buffer.buffer((int) length).appendBuffer(body);
                        bodyCopied = true;
                    }
                    body.appendBuffer(chunk);
                }
            });
            request.endHandler(v -> {
                if (!answered) verifyAndSend();
            });
        }

        private void tooLargeBody() {
            // The rest of the body is unread: close rather than read (and discard) what may be a huge upload.
            if (!request.isEnded()) request.response().putHeader("Connection", "close");
            refuse(null, tooLarge("the body is larger than " + maxBodyBytes + " bytes"));
        }

        private void verifyAndSend() {
            long receivedAt = System.currentTimeMillis();
            byte[] bytes = body == null ? new byte[0] : body.getBytes();
            Verified verified;
            try {
                verified = verifier.verify(new WebhookRequest(source, request.headers(), bytes, receivedAt));
            } catch (Rejection rejection) {
                refuse(null, rejection.problem());
                return;
            }
            if (verified.isAnswer()) {
                metrics.request(source, "answered");
                answer(QUESTION_ANSWERED, "application/json", Buffer.buffer(verified.reply()));
                return;
            }
            InboundWebhook webhook = new InboundWebhook(verified.deliveryId(), source, verified.eventType(), receivedAt,
                    request.getHeader("content-type"), verified.providerHeaders(), bytes);
            ProducerRecord<byte[], byte[]> record = webhook.toRecord(topic);
            if (topicLimit.refuses(record)) {
                refuse(webhook.deliveryId(), tooLarge("the record would be larger than topic " + topic
                        + " accepts (max.message.bytes=" + topicLimit.maxMessageBytes() + ")"));
                return;
            }
            long started = System.nanoTime();
            // The deadline and the ack's completion are both on this event loop: whichever comes first answers.
            deliveryId = webhook.deliveryId();
            ackDeadlines.add(this);
            sender.send(record, (v, error) -> {
                if (answered) return;
                if (error == null) {
                    metrics.ack(System.nanoTime() - started);
                    metrics.request(source, "accepted");
                    answer(RECORD_PRODUCED, "application/json", accepted(webhook.deliveryId()));
                } else if (error instanceof RecordTooLargeException || error instanceof RecordBatchTooLargeException) {
                    refuse(webhook.deliveryId(), tooLarge("the record is larger than topic " + topic + " accepts"));
                } else {
                    notAcknowledged(webhook.deliveryId(), error.getClass().getSimpleName());
                }
            });
        }

        @Override
        void timedOut() {
            notAcknowledged(deliveryId, "no acknowledgement");
        }

        private void notAcknowledged(String deliveryId, String why) {
            request.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
            refuse(deliveryId, ProblemType.KAFKA_UNAVAILABLE.with(
                    "not acknowledged within " + ackTimeoutMs + " ms (" + why + "); retry later"));
        }

        private void refuse(String deliveryId, Problem problem) {
            String outcome = problem.type().substring(problem.type().lastIndexOf('/') + 1);
            metrics.request(source, outcome);
            LOG.atInfo().setMessage("webhook rejected").addKeyValue("source", source).addKeyValue("status", problem.status())
                    .addKeyValue("reason", outcome).addKeyValue("deliveryId", deliveryId).log();
            if (finish()) problem.send(request.response());
        }

        private void answer(int status, String contentType, Buffer json) {
            if (finish()) request.response().setStatusCode(status).putHeader("content-type", contentType).end(json);
        }

        /** Frees the admission slot once; false when the request was already answered or its connection lost. */
        private boolean finish() {
            if (answered) return false;
            answered = true;
            inFlight--;
            ackDeadlines.remove(this);
            return true;
        }
    }

    /** {@code {"deliveryId":"..."}}: the id quoted by Jackson's encoder, without building a JSON tree per request. */
    static Buffer accepted(String deliveryId) {
        return Buffer.buffer(ACCEPTED_PREFIX.length + deliveryId.length() + 2)
                .appendBytes(ACCEPTED_PREFIX)
                .appendBytes(JsonStringEncoder.getInstance().quoteAsUTF8(deliveryId))
                .appendBytes(ACCEPTED_SUFFIX);
    }

    private static Problem tooLarge(String detail) {
        return ProblemType.PAYLOAD_TOO_LARGE.with(detail);
    }

    /** The declared length, or -1 when absent or not a number (chunked bodies are counted as they arrive). */
    private static long contentLength(HttpServerRequest request) {
        String value = request.getHeader("Content-Length");
        if (value == null || value.isEmpty() || value.length() > 18) return -1;
        long n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') return -1;
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
