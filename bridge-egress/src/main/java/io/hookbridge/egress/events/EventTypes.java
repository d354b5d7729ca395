package io.hookbridge.egress.events;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The one pattern language for event types ({@code ce_type}, {@code <source>.<event-type>}), used by
 * subscriptions' {@code eventTypes} and by {@code egress.routes}: {@code *} matches one or more characters,
 * dots included, and {@code ?} exactly one; everything else matches itself. So {@code stripe.*} matches
 * {@code stripe.charge.succeeded} (not {@code stripe.}), and {@code *} matches every event.
 * Subscriptions are held to {@link #SUBSCRIPTION}; routes may put {@code *} and {@code ?} anywhere.
 */
public final class EventTypes {

    /** What a subscription's pattern may look like: an exact type, a prefix ending in {@code .*}, or {@code *}. */
    public static final Pattern SUBSCRIPTION = Pattern.compile("\\*|[A-Za-z0-9_:/-]+(\\.[A-Za-z0-9_:/-]+)*(\\.\\*)?");

    private EventTypes() {
    }

    public static boolean matches(List<String> patterns, String type) {
        for (int i = 0; i < patterns.size(); i++) {
            if (matches(patterns.get(i), type)) return true;
        }
        return false;
    }

    /** Glob matching without a regex: on a mismatch, the last {@code *} takes one more character. */
    public static boolean matches(String pattern, String type) {
        if (pattern.equals("*")) return true; // even an event without a type
        int p = 0;
        int t = 0;
        int star = -1;
        int starEnd = 0;
        while (t < type.length()) {
            char c = p < pattern.length() ? pattern.charAt(p) : 0;
            if (p < pattern.length() && c == '*') {
                star = p++;
                starEnd = ++t; // a star takes at least one character
            } else if (p < pattern.length() && (c == '?' || c == type.charAt(t))) {
                p++;
                t++;
            } else if (star >= 0) {
                p = star + 1;
                t = ++starEnd;
            } else {
                return false;
            }
        }
        return p == pattern.length();
    }
}
