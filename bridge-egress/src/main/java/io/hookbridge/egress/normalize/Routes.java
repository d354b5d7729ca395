package io.hookbridge.egress.normalize;

import io.hookbridge.common.config.RouteConfig;
import io.hookbridge.egress.events.EventTypes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optional routing rules: an event whose CloudEvent type ({@code <source>.<event-type>}) matches a
 * rule's pattern ({@link EventTypes}, the language of subscriptions, with {@code *} and {@code ?} anywhere)
 * is copied to the rule's topic as well. Rules are grouped by topic, so an event is copied to a topic once
 * however many of its rules match.
 *
 * @param targets one per topic, in the order the topics first appear in the config
 */
record Routes(List<Target> targets) {

    /** A topic, the name of its sink in the topology, and the type patterns that copy an event to it. */
    record Target(String topic, String sink, List<String> types) {

        boolean matches(String type) {
            return EventTypes.matches(types, type);
        }
    }

    static Routes of(List<RouteConfig> configs) {
        Map<String, List<String>> byTopic = new LinkedHashMap<>();
        for (RouteConfig c : configs) {
            byTopic.computeIfAbsent(c.topic(), t -> new ArrayList<>()).add(c.type());
        }
        return new Routes(byTopic.entrySet().stream()
                .map(e -> new Target(e.getKey(), "route:" + e.getKey(), List.copyOf(e.getValue()))).toList());
    }

    boolean isEmpty() {
        return targets.isEmpty();
    }
}
