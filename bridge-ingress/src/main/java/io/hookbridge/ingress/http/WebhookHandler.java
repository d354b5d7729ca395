package io.hookbridge.ingress.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.hookbridge.common.config.IngressConfig;
import io.hookbridge.common.http.Problem;
import io.hookbridge.common.http.ProblemType;
import io.hookbridge.common.record.InboundHeaders;
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
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /webhooks/{source}} on one verticle's event loop, each step with one job and one failure answer:
 * <pre>
 *   known source? --no--> 404          in flight below maxInFlight? --no--> 503 overloaded + Retry-After
 *        |
 *   declared Content-Length within maxBodyBytes? --no--> 413, connection closed
 *   declared length within the body budget? -----no--> 503 overloaded + Retry-After, connection closed
 *        |
 *   read the raw body: over maxBodyBytes --> 413, or over the budget (chunked) --> 503, connection closed
 *                      not all in within bodyTimeout ---------------------> 408, connection closed
 *        |
 *   verify raw body --401/400/415--> problem, nothing written
 *        |  (a question such as Slack's url_verification: answered 200, nothing written)
 *   delivery id, event type, copied headers free of control characters? --no--> 400 invalid-header-value
 *   record fits the topic? --no--> 413
 *        |
 *   send, acks=all --ack within ackTimeout--> 202 {"deliveryId"}
 *                  --refused as too large---> 413
 *                  --error or no ack--------> 503 + Retry-After (the provider retries; the egress dedupes)
 * </pre>
 * Never a 2xx before Kafka's ack. An answer given before the body is all in closes the connection (HTTP/1.x)
 * or resets the stream (HTTP/2) rather than read and discard what may be a huge upload. A plain request handler
 * rather than a Vert.x Web route: this is the hot path, and a {@link Intake} per request costs less than a
 * routing context and a chain of futures.
 */
public final class WebhookHandler {

    static final int RECORD_PRODUCED = 202;
    static final int QUESTION_ANSWERED = 200;
    static final String RETRY_AFTER_SECONDS = "5";
    private static final String OVERLOADED_RETRY_AFTER_SECONDS = "1";
    /** RST_STREAM NO_ERROR: "the response is complete, stop sending the request" (RFC 9113, 8.1). */
    private static final long H2_NO_ERROR = 0;
    /** After an early answer on HTTP/1.x: how long, and how many more bytes, before the connection is closed. */
    private static final long LINGER_MS = 1000;
    private static final long LINGER_BYTES = 1 << 20;
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
    private final long bodyTimeoutMs;
    private final Deadlines bodyDeadlines;
    private final Deadlines ackDeadlines;
    private final BodyBudget budget;
    private final IngressMetrics metrics;
    private final RejectionLog rejections;
    private final Vertx vertx;
    /** Requests of this handler's verticle between admission and their answer; touched only on its event loop. */
    private int inFlight;

    /** @param bodyBudgetBytes the bytes of bodies this verticle may hold at once (its share of maxBodyBytesInFlight) */
    public WebhookHandler(Vertx vertx, IngressShared shared, long bodyBudgetBytes) {
        IngressConfig config = shared.config().ingress();
        this.verifiers = shared.verifiers();
        this.sender = shared.sender();
        this.topicLimit = shared.topicLimit();
        this.topic = shared.config().topics().inbound();
        this.maxBodyBytes = config.maxBodyBytes();
        this.maxInFlight = config.maxInFlight();
        this.ackTimeoutMs = config.ackTimeout().toMillis();
        this.bodyTimeoutMs = config.bodyTimeout().toMillis();
        this.bodyDeadlines = new Deadlines(vertx, config.bodyTimeout());
        this.ackDeadlines = new Deadlines(vertx, config.ackTimeout());
        this.budget = new BodyBudget(bodyBudgetBytes, config.smallBodyBytes());
        this.metrics = shared.ingressMetrics();
        this.rejections = new RejectionLog(vertx, LOG);
        this.vertx = vertx;
    }

    /** Known source (404), then admission by count (503), size (413) and bytes (503), before a byte of the body is read. */
    public void handle(HttpServerRequest request, String source) {
        Verifier verifier = verifiers.get(source);
        if (verifier == null) {
            refuseEarly(request, "unknown", null, ProblemType.UNKNOWN_SOURCE.with("no source named '" + source + "' is configured"));
            return;
        }
        if (inFlight >= maxInFlight) {
            overloaded(request, source, "too many requests in flight; retry later");
            return;
        }
        long declared = contentLength(request);
        if (declared > maxBodyBytes) {
            refuseEarly(request, source, null, tooLarge("the body is larger than " + maxBodyBytes + " bytes"));
            return;
        }
        BodyBudget.Share share = new BodyBudget.Share();
        if (!budget.growTo(share, Math.max(declared, 0))) {
            overloaded(request, source, "request bodies in flight fill this event loop's budget; retry later");
            return;
        }
        inFlight++;
        new Intake(request, source, verifier, share).readBody();
    }

    private void overloaded(HttpServerRequest request, String source, String detail) {
        request.response().putHeader("Retry-After", OVERLOADED_RETRY_AFTER_SECONDS);
        refuseEarly(request, source, null, ProblemType.OVERLOADED.with(detail));
    }

    /** Counts and logs (at a bounded rate) a refusal. */
    private void rejected(String source, String deliveryId, Problem problem) {
        String outcome = problem.kind().slug();
        metrics.request(source, outcome);
        rejections.log(log -> log.atInfo().setMessage("webhook rejected").addKeyValue("source", source)
                .addKeyValue("status", problem.status()).addKeyValue("reason", outcome)
                .addKeyValue("deliveryId", deliveryId).log());
    }

    /**
     * Answers a request whose body is not (all) read: HTTP/1.x closes the connection once the answer is written
     * ({@link LingeringClose}); HTTP/2 resets the stream after the answer, as RFC 9113 8.1 describes, and keeps
     * the connection. Neither reads the rest of a large body.
     */
    private void refuseEarly(HttpServerRequest request, String source, String deliveryId, Problem problem) {
        rejected(source, deliveryId, problem);
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) return;
        if (request.isEnded()) {
            problem.send(response);
        } else if (request.version() == HttpVersion.HTTP_2) {
            problem.send(response);
            response.reset(H2_NO_ERROR);
        } else {
            LingeringClose close = new LingeringClose(request);
            response.setStatusCode(problem.status()).putHeader("content-type", Problem.CONTENT_TYPE)
                    .putHeader("Connection", "close")
                    .end(problem.toJson().toBuffer())
                    .onComplete(written -> close.answerWritten());
        }
    }

    /**
     * Closes an HTTP/1.x connection after an early answer the way servers do ("lingering close"): closing a
     * socket with unread bytes sends a reset, which can destroy the answer before the client reads it. So what
     * the client already sent is read and dropped, up to {@link #LINGER_BYTES} (then reading stops), and the
     * connection is closed when its request has ended or at the latest {@link #LINGER_MS} after the answer.
     */
    private final class LingeringClose {
        private final HttpServerRequest request;
        private long dropped;
        private boolean written;
        private boolean closed;

        LingeringClose(HttpServerRequest request) {
            this.request = request;
            request.handler(chunk -> {
                dropped += chunk.length();
                if (dropped > LINGER_BYTES) request.pause();
            });
            request.endHandler(v -> {
                if (written) close();
            });
        }

        void answerWritten() {
            written = true;
            if (request.isEnded()) {
                close();
            } else {
                vertx.setTimer(LINGER_MS, t -> close());
            }
        }

        private void close() {
            if (closed) return;
            closed = true;
            request.connection().close();
        }
    }

    /** One request from its first body byte to its answer. */
    private final class Intake extends Deadlines.Waiting {

        private final HttpServerRequest request;
        private final String source;
        private final Verifier verifier;
        private final BodyBudget.Share share;
        /**
         * The chunks as they came, copied into one array only at the end: most webhooks arrive in one chunk, and
         * memory held is the bytes received (a buffer grown by doubling could hold twice the body).
         */
        private Buffer first;
        private List<Buffer> more;
        private int received;
        private boolean reading = true;
        private boolean answered;
        private String deliveryId;

        Intake(HttpServerRequest request, String source, Verifier verifier, BodyBudget.Share share) {
            this.request = request;
            this.source = source;
            this.verifier = verifier;
            this.share = share;
        }

        /** The raw bytes as sent: never decoded as a form or multipart, which would change what was signed. */
        void readBody() {
            if (request.version() == HttpVersion.HTTP_1_1 && "100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
                request.response().writeContinue();
            }
            // A connection lost before the answer frees the admission slot (the ack, if any, is then ignored).
            request.response().closeHandler(v -> finish());
            request.exceptionHandler(error -> finish());
            bodyDeadlines.add(this);
            request.handler(chunk -> {
                if (answered) return;
                long length = (long) received + chunk.length();
                if (length > maxBodyBytes) {
                    early(tooLarge("the body is larger than " + maxBodyBytes + " bytes"));
                } else if (!budget.growTo(share, length)) {
                    request.response().putHeader("Retry-After", OVERLOADED_RETRY_AFTER_SECONDS);
                    early(ProblemType.OVERLOADED.with(
                            "request bodies in flight fill this event loop's budget; retry later"));
                } else {
                    if (first == null) {
                        first = chunk;
                    } else {
                        if (more == null) more = new ArrayList<>();
                        more.add(chunk);
                    }
                    received = (int) length;
                }
            });
            request.endHandler(v -> {
                if (answered) return;
                reading = false;
                bodyDeadlines.remove(this);
                verifyAndSend();
            });
        }

        /** A refusal before the body is all in. */
        private void early(Problem problem) {
            if (finish()) refuseEarly(request, source, null, problem);
        }

        private byte[] bodyBytes() {
            if (first == null) return new byte[0];
            if (more == null) return first.getBytes();
            byte[] bytes = new byte[received];
            first.getBytes(bytes, 0);
            int at = first.length();
            for (Buffer chunk : more) {
                chunk.getBytes(bytes, at);
                at += chunk.length();
            }
            return bytes;
        }

        private void verifyAndSend() {
            long receivedAt = System.currentTimeMillis();
            byte[] bytes = bodyBytes();
            first = null; // one copy of the body while Kafka acknowledges, not two
            more = null;
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
            String contentType = request.getHeader("content-type");
            String contentEncoding = request.getHeader("content-encoding");
            String unsafe = SafeHeaderValues.problem(verified, contentType, contentEncoding);
            if (unsafe != null) {
                refuse(null, ProblemType.INVALID_HEADER_VALUE.with(unsafe));
                return;
            }
            InboundWebhook webhook = new InboundWebhook(verified.deliveryId(), source, verified.eventType(), receivedAt,
                    contentType, verified.providerHeaders(), bytes);
            ProducerRecord<byte[], byte[]> record = webhook.toRecord(topic);
            if (contentEncoding != null) {
                record.headers().add(InboundHeaders.CONTENT_ENCODING, contentEncoding.getBytes(StandardCharsets.UTF_8));
            }
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
            if (reading) {
                early(ProblemType.REQUEST_TIMEOUT.with(
                        "the body did not arrive within " + bodyTimeoutMs + " ms"));
            } else {
                notAcknowledged(deliveryId, "no acknowledgement");
            }
        }

        private void notAcknowledged(String deliveryId, String why) {
            request.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
            refuse(deliveryId, ProblemType.KAFKA_UNAVAILABLE.with(
                    "not acknowledged within " + ackTimeoutMs + " ms (" + why + "); retry later"));
        }

        private void refuse(String deliveryId, Problem problem) {
            if (!finish()) return;
            rejected(source, deliveryId, problem);
            problem.send(request.response());
        }

        private void answer(int status, String contentType, Buffer json) {
            if (finish()) request.response().setStatusCode(status).putHeader("content-type", contentType).end(json);
        }

        /** Frees the admission slot and the body's bytes once; false when already answered or the connection lost. */
        private boolean finish() {
            if (answered) return false;
            answered = true;
            inFlight--;
            budget.release(share);
            first = null;
            more = null;
            bodyDeadlines.remove(this);
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
