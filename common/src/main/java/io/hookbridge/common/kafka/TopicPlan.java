package io.hookbridge.common.kafka;

import io.hookbridge.common.config.Topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The topics a role needs, with their settings, declared in one place and created at start by
 * {@link TopicSetup}. A name declared twice is kept once, with its first settings.
 */
public record TopicPlan(int partitions, short replicationFactor, List<Topic> topics) {

    /** A topic to have, with its configs (e.g. {@code cleanup.policy=compact}). */
    public record Topic(String name, Map<String, String> configs) {
    }

    public TopicPlan {
        topics = List.copyOf(topics);
    }

    /** No topics yet, with {@code topics.partitions} and {@code topics.replicationFactor}. */
    public static TopicPlan of(Topics topics) {
        return new TopicPlan(topics.partitions(), topics.replicationFactor(), List.of());
    }

    public TopicPlan plain(String name) {
        return with(new Topic(name, Map.of()));
    }

    public TopicPlan compacted(String name) {
        return with(new Topic(name, Map.of("cleanup.policy", "compact")));
    }

    public List<String> names() {
        return topics.stream().map(Topic::name).toList();
    }

    private TopicPlan with(Topic topic) {
        if (names().contains(topic.name())) return this;
        List<Topic> more = new ArrayList<>(topics);
        more.add(topic);
        return new TopicPlan(partitions, replicationFactor, more);
    }
}
