package io.hookbridge.common.kafka;

import io.hookbridge.common.config.KafkaSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Creates the topics of a role's {@link TopicPlan} when they do not exist yet; existing topics are left as they are.
 * Blocking: call it at start, off the event loop.
 */
public final class TopicSetup {

    private TopicSetup() {
    }

    public static void ensure(KafkaSettings kafka, TopicPlan plan) {
        ensure(kafka, plan, Duration.ofSeconds(30));
    }

    /**
     * @param timeout how long each Admin call may take; the calls carry it themselves, so closing the client
     *                does not wait for Kafka's much longer {@code default.api.timeout.ms} when Kafka is down
     */
    public static void ensure(KafkaSettings kafka, TopicPlan plan, Duration timeout) {
        int timeoutMs = (int) timeout.toMillis();
        try (Admin admin = Admin.create(KafkaClients.admin(kafka))) {
            Set<String> existing = admin.listTopics(new ListTopicsOptions().timeoutMs(timeoutMs)).names()
                    .get(timeoutMs, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = plan.topics().stream()
                    .filter(t -> !existing.contains(t.name()))
                    .map(t -> new NewTopic(t.name(), Optional.of(plan.partitions()), Optional.of(plan.replicationFactor()))
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
