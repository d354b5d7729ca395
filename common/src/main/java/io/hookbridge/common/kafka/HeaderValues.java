package io.hookbridge.common.kafka;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;

/** Kafka header values as hookbridge writes them: UTF-8 text, numbers as decimal text. */
public final class HeaderValues {

    private HeaderValues() {
    }

    /** The last value of a header as text, or null when there is none. */
    public static String text(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The last value of a header as a decimal number, or {@code fallback} when absent or not a number. */
    public static long number(Headers headers, String name, long fallback) {
        String value = text(headers, name);
        if (value == null) return fallback;
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Any value as its UTF-8 text. */
    public static byte[] utf8(Object value) {
        return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
    }
}
