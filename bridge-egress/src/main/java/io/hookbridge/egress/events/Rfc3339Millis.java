package io.hookbridge.egress.events;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Epoch millis as RFC 3339 UTC text with exactly three fraction digits ({@code 2024-05-01T12:34:56.789Z}),
 * written as bytes. Records of a partition arrive in about time order, so the text of the current second
 * is kept and only the millis are written per record. Not thread-safe: one per stream task.
 */
final class Rfc3339Millis {

    /** 9999-12-31T23:59:59.999Z: four year digits. */
    static final long MAX = 253_402_300_799_999L;
    private static final int SECOND_LENGTH = 19; // yyyy-MM-ddTHH:mm:ss

    private final byte[] second = new byte[SECOND_LENGTH];
    private long cachedSecond = -1;

    /** {@code epochMillis} between 0 and {@link #MAX}. */
    byte[] format(long epochMillis) {
        long epochSecond = epochMillis / 1000;
        if (epochSecond != cachedSecond) {
            LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
            String text = String.format("%04d-%02d-%02dT%02d:%02d:%02d", t.getYear(), t.getMonthValue(),
                    t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond());
            System.arraycopy(text.getBytes(StandardCharsets.US_ASCII), 0, second, 0, SECOND_LENGTH);
            cachedSecond = epochSecond;
        }
        int millis = (int) (epochMillis % 1000);
        byte[] out = new byte[SECOND_LENGTH + 5];
        System.arraycopy(second, 0, out, 0, SECOND_LENGTH);
        out[19] = '.';
        out[20] = (byte) ('0' + millis / 100);
        out[21] = (byte) ('0' + millis / 10 % 10);
        out[22] = (byte) ('0' + millis % 10);
        out[23] = 'Z';
        return out;
    }
}
