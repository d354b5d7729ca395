package io.hookbridge.egress.subscription;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Event type patterns of a subscription: an exact type ({@code github.push}), a prefix ending in
 * {@code .*} ({@code stripe.*} matches {@code stripe.charge.succeeded}) or {@code *} for every event.
 */
public final class EventTypes {

    /** What a pattern may look like; {@code *} only as the whole pattern or its last segment. */
    public static final Pattern VALID = Pattern.compile("\\*|[A-Za-z0-9_:/-]+(\\.[A-Za-z0-9_:/-]+)*(\\.\\*)?");

    private EventTypes() {
    }

    public static boolean matches(List<String> patterns, String type) {
        for (int i = 0; i < patterns.size(); i++) {
            if (matches(patterns.get(i), type)) return true;
        }
        return false;
    }

    public static boolean matches(String pattern, String type) {
        if (pattern.equals("*")) return true;
        if (pattern.endsWith(".*")) {
            // "stripe.*" is "stripe." followed by at least one character
            return type.length() > pattern.length() - 1 && type.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(type);
    }
}
