package io.hookbridge.egress.events;

import io.hookbridge.common.record.InboundHeaders;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/**
 * The writing side of {@code topics.events} (the reading side is {@link Event}): the contract's CloudEvent
 * of an inbound record, as the Kafka protocol binding's binary-mode headers, written straight from the
 * inbound record's header bytes. It gives the same attributes as the CloudEvents SDK's Kafka binding
 * (checked by a test) without decoding the record into strings and objects first: stage 1 (normalize)
 * runs this for every record. Not thread-safe: one per stream task.
 */
public final class CloudEventHeaders {

    public static final String SPECVERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String TIME = "ce_time";
    public static final String CONTENT_TYPE = "content-type";
    /**
     * Not a CloudEvents attribute: the body is still encoded as the sender sent and signed it (e.g. gzip),
     * kept under the same name in Kafka and over HTTP.
     */
    public static final String CONTENT_ENCODING = "content-encoding";
    /** Kafka's {@code ce_type} is HTTP's {@code ce-type} (CloudEvents HTTP binary mode). */
    static final String KAFKA_PREFIX = "ce_";
    static final String HTTP_PREFIX = "ce-";

    // Shared, never written to: the producer only reads header values.
    private static final byte[] SPEC_1_0 = ascii("1.0");
    private static final byte[] SOURCE_PREFIX = ascii("/hookbridge/");
    private static final byte[] DOT = ascii(".");
    private static final int MAX_MILLIS_DIGITS = Long.toString(Rfc3339Millis.MAX).length();

    private final Rfc3339Millis time = new Rfc3339Millis();

    /**
     * The event's headers for an inbound record with this key (the delivery id) and these headers.
     *
     * @throws NotNormalizable naming what is missing or malformed when it is not a hookbridge webhook
     */
    public Headers of(byte[] key, Headers inbound) {
        if (key == null || key.length == 0) throw new NotNormalizable("record has no key (delivery id)");
        byte[] source = required(inbound, InboundHeaders.SOURCE);
        if (!isSourceName(source)) {
            throw new NotNormalizable("header " + InboundHeaders.SOURCE + " is not a source name ([A-Za-z0-9_-]+)");
        }
        byte[] eventType = required(inbound, InboundHeaders.EVENT_TYPE);
        long receivedAt = epochMillis(required(inbound, InboundHeaders.RECEIVED_AT));
        Header contentType = inbound.lastHeader(InboundHeaders.CONTENT_TYPE);
        Header contentEncoding = inbound.lastHeader(InboundHeaders.CONTENT_ENCODING);

        Headers out = new RecordHeaders();
        out.add(SPECVERSION, SPEC_1_0);
        out.add(ID, key);
        out.add(SOURCE, concat(SOURCE_PREFIX, source, null));
        out.add(TYPE, concat(source, DOT, eventType));
        out.add(TIME, time.format(receivedAt));
        if (contentType != null && contentType.value() != null) {
            out.add(CONTENT_TYPE, contentType.value());
        }
        if (contentEncoding != null && contentEncoding.value() != null) {
            out.add(CONTENT_ENCODING, contentEncoding.value());
        }
        return out;
    }

    private static byte[] required(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        if (h == null || h.value() == null) throw new NotNormalizable("record has no header " + name);
        return h.value();
    }

    /** What the config allows as a source name, so {@code /hookbridge/<source>} is always a valid URI reference. */
    private static boolean isSourceName(byte[] b) {
        if (b.length == 0) return false;
        for (byte c : b) {
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) return false;
        }
        return true;
    }

    private static long epochMillis(byte[] digits) {
        if (digits.length == 0 || digits.length > MAX_MILLIS_DIGITS) throw badTime();
        long value = 0;
        for (byte c : digits) {
            if (c < '0' || c > '9') throw badTime();
            value = value * 10 + (c - '0');
        }
        if (value > Rfc3339Millis.MAX) throw badTime();
        return value;
    }

    private static NotNormalizable badTime() {
        return new NotNormalizable("header " + InboundHeaders.RECEIVED_AT + " is not epoch millis (decimal, 1970 to 9999)");
    }

    private static byte[] concat(byte[] a, byte[] b, byte[] c) {
        int length = a.length + b.length + (c == null ? 0 : c.length);
        byte[] out = new byte[length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        if (c != null) System.arraycopy(c, 0, out, a.length + b.length, c.length);
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
