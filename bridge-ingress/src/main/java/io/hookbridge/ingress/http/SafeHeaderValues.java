package io.hookbridge.ingress.http;

import io.hookbridge.ingress.verify.Verified;

import java.util.Map;

/**
 * Checks, after verification, the values that become Kafka record headers and later HTTP headers of every
 * delivery: the delivery id (the record key and {@code ce-id}/{@code webhook-id}), the event type
 * ({@code ce-type}), the provider headers copied as {@code http-*}, {@code Content-Type} and
 * {@code Content-Encoding}. A control character (0x00-0x1f, 0x7f-0x9f; CR, LF and TAB included) would fail
 * every delivery, fold or split a header at a receiver, or forge a log line, so the request is refused with
 * 400 naming the field. Lengths are bounded by the constants below.
 */
final class SafeHeaderValues {

    /** The longest delivery id or event type taken (providers' ids are 20-64 characters). */
    static final int MAX_ID_CHARS = 512;
    /** The longest header value copied onto the record (the request head is at most 16 KiB anyway). */
    static final int MAX_HEADER_CHARS = 8192;

    private SafeHeaderValues() {
    }

    /** What is wrong with the first unsafe value, naming its field; {@code null} when all are safe. */
    static String problem(Verified verified, String contentType, String contentEncoding) {
        String problem = check("delivery id", verified.deliveryId(), MAX_ID_CHARS);
        if (problem == null) problem = check("event type", verified.eventType(), MAX_ID_CHARS);
        if (problem == null) problem = check("header Content-Type", contentType, MAX_HEADER_CHARS);
        if (problem == null) problem = check("header Content-Encoding", contentEncoding, MAX_HEADER_CHARS);
        if (problem == null) {
            for (Map.Entry<String, String> header : verified.providerHeaders().entrySet()) {
                problem = check("header " + header.getKey(), header.getValue(), MAX_HEADER_CHARS);
                if (problem != null) break;
            }
        }
        return problem;
    }

    static String check(String field, String value, int maxChars) {
        if (value == null) return null;
        if (value.length() > maxChars) {
            return field + " is " + value.length() + " characters long, more than the " + maxChars + " taken";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                return String.format("%s holds a control character (0x%02x at index %d); it would become a Kafka and HTTP header",
                        field, (int) c, i);
            }
        }
        return null;
    }
}
