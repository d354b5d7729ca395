package io.hookbridge.common.record;

/** Header names of a record on {@code topics.inbound}. */
public final class InboundHeaders {

    public static final String SOURCE = "hookbridge-source";
    public static final String EVENT_TYPE = "hookbridge-event-type";
    /** Epoch millis, decimal text. */
    public static final String RECEIVED_AT = "hookbridge-received-at";
    public static final String CONTENT_TYPE = "content-type";
    /** The request's Content-Encoding (e.g. gzip), when it had one: the value is the body as sent, still encoded. */
    public static final String CONTENT_ENCODING = "content-encoding";
    /** Provider headers a consumer needs to re-verify are copied lower-cased behind this prefix. */
    public static final String HTTP_PREFIX = "http-";

    private InboundHeaders() {
    }
}
