package io.hookbridge.common.http;

import java.util.Locale;

/**
 * Every problem type either role answers with: the one list of slugs, statuses and titles. Each has a
 * row in docs/errors.md (a test checks both ways) that {@link ProblemDocs} serves at its {@link #uri()}.
 */
public enum ProblemType {
    // ingress
    UNKNOWN_SOURCE(404, "Unknown source"),
    INVALID_SIGNATURE(401, "Signature verification failed"),
    MISSING_DELIVERY_ID(400, "Bad request"),
    MALFORMED_BODY(400, "Bad request"),
    INVALID_HEADER_VALUE(400, "Bad request"),
    REQUEST_TIMEOUT(408, "Request timeout"),
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    OVERLOADED(503, "Overloaded"),
    // both roles
    KAFKA_UNAVAILABLE(503, "Kafka unavailable"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    INTERNAL_ERROR(500, "Internal error"),
    // egress admin API
    UNAUTHORIZED(401, "Unauthorized"),
    INVALID_REQUEST(400, "Invalid request"),
    TARGET_REFUSED(400, "Invalid request"),
    SUBSCRIPTION_NOT_FOUND(404, "No such subscription"),
    EVENT_NOT_FOUND(404, "No such event"),
    REPLAY_NOT_FOUND(404, "No such replay"),
    TOO_MANY_REPLAYS(429, "Too many replays");

    /** Relative (RFC 9457 allows it): each role serves the docs of a problem under this path. */
    public static final String PATH = "/problems/";

    private final int status;
    private final String title;
    private final String slug;
    private final String uri;

    ProblemType(int status, String title) {
        this.status = status;
        this.title = title;
        this.slug = name().toLowerCase(Locale.ROOT).replace('_', '-');
        this.uri = PATH + slug;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The stable name clients branch on, e.g. {@code kafka-unavailable}. */
    public String slug() {
        return slug;
    }

    /** The {@code type} member: {@code /problems/{slug}}. */
    public String uri() {
        return uri;
    }

    /** This problem with what was wrong with this request ({@code null}: no detail member). */
    public Problem with(String detail) {
        return new Problem(this, detail);
    }
}
