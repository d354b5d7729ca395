package io.hookbridge.ingress.verify;

import java.time.Duration;

/** Signed timestamps: parsed without exceptions, and held to a tolerance both ways (replays and clock tricks). */
public final class Timestamps {

    private Timestamps() {
    }

    /** Unix seconds as plain decimal digits, or -1 when the text is not that. */
    public static long parseSeconds(String text) {
        if (text == null || text.isEmpty() || text.length() > 12) return -1;
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') return -1;
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /**
     * The timestamp header, checked: throws 401 when it is missing, not unix seconds, or further than
     * {@code tolerance} from {@code nowMillis} in either direction.
     */
    public static long require(String header, String value, long nowMillis, Duration tolerance) {
        if (value == null) throw Rejection.unauthorized("missing header " + header);
        long seconds = parseSeconds(value);
        if (seconds < 0) throw Rejection.unauthorized(header + " is not a unix timestamp in seconds");
        long skewMillis = Math.abs(nowMillis - seconds * 1000);
        if (skewMillis > tolerance.toMillis()) {
            throw Rejection.unauthorized(header + " is " + (skewMillis / 1000) + " s away from now, outside the tolerance of "
                    + tolerance.toSeconds() + " s");
        }
        return seconds;
    }
}
