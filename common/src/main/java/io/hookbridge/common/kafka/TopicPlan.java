package io.hookbridge.common.kafka;

import io.hookbridge.common.config.KafkaSettings;
import io.hookbridge.common.config.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The topics a role needs, with their settings, declared in one place and created at start by
 * {@link #ensure}. A name declared twice is kept once, with its first settings.
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

    /** A plain topic whose records are deleted after {@code retention} ({@code retention.ms}). */
    public TopicPlan retained(String name, Duration retention) {
        return with(new Topic(name, Map.of("retention.ms", Long.toString(retention.toMillis()))));
    }

    private TopicPlan with(Topic topic) {
        if (topics.stream().anyMatch(t -> t.name().equals(topic.name()))) return this;
        List<Topic> more = new ArrayList<>(topics);
        more.add(topic);
        return new TopicPlan(partitions, replicationFactor, more);
    }

    /** Creates the topics that do not exist yet; existing ones are left as they are. Blocking: call it at start. */
    public void ensure(KafkaSettings kafka) {
        ensure(kafka, Duration.ofSeconds(30));
    }

    /**
     * @param timeout how long each Admin call may take; the calls carry it themselves, so closing the client
     *                does not wait for Kafka's much longer {@code default.api.timeout.ms} when Kafka is down
     */
    public void ensure(KafkaSettings kafka, Duration timeout) {
        int timeoutMs = (int) timeout.toMillis();
        try (Admin admin = Admin.create(KafkaClients.admin(kafka))) {
            Set<String> existing = admin.listTopics(new ListTopicsOptions().timeoutMs(timeoutMs)).names()
                    .get(timeoutMs, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = topics.stream()
                    .filter(t -> !existing.contains(t.name()))
                    .map(t -> new NewTopic(t.name(), Optional.of(partitions), Optional.of(replicationFactor))
                            .configs(t.configs()))
                    .collect(Collectors.toList());
            if (missing.isEmpty()) return;
            try {
                admin.createTopics(missing, new CreateTopicsOptions().timeoutMs(timeoutMs)).all()
                        .get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) throw e; // another instance was quicker
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(failure(kafka, timeout, e.getCause()), e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(failure(kafka, timeout, e), e);
        }
    }

    private static String failure(KafkaSettings kafka, Duration timeout, Throwable cause) {
        if (cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return "cannot create topics: Kafka at " + kafka.bootstrapServers() + " did not answer within " + timeout.toSeconds() + " s";
        }
        return "cannot create topics: " + cause;
    }
}
