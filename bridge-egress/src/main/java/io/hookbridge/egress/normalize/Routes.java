package io.hookbridge.egress.normalize;

import io.hookbridge.common.config.RouteConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The optional routing rules: an event whose CloudEvent type ({@code <source>.<event-type>}) matches a
 * rule's glob is copied to the rule's topic as well. {@code *} matches any run of characters (dots
 * included), {@code ?} one character. Rules are grouped by topic, so an event is copied to a topic once
 * however many of its rules match.
 */
final class Routes {

    /** A topic, the name of its sink in the topology, and the type globs that copy an event to it. */
    record Target(String topic, String sink, List<Pattern> types) {

        boolean matches(String type) {
            for (Pattern p : types) {
                if (p.matcher(type).matches()) return true;
            }
            return false;
        }
    }

    private final List<Target> targets;

    private Routes(List<Target> targets) {
        this.targets = targets;
    }

    static Routes of(List<RouteConfig> configs) {
        Map<String, List<Pattern>> byTopic = new LinkedHashMap<>();
        for (RouteConfig c : configs) {
            byTopic.computeIfAbsent(c.topic(), t -> new ArrayList<>()).add(glob(c.type()));
        }
        List<Target> targets = new ArrayList<>();
        byTopic.forEach((topic, types) -> targets.add(new Target(topic, "route:" + topic, List.copyOf(types))));
        return new Routes(List.copyOf(targets));
    }

    boolean isEmpty() {
        return targets.isEmpty();
    }

    /** One per topic, in the order the topics first appear in the config. */
    List<Target> targets() {
        return targets;
    }

    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) regex.append(Pattern.quote(literal.toString()));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
