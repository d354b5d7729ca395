package io.hookbridge.testing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Topic names unique to one test, and topic creation on the shared broker. */
public final class TestTopics {

    private TestTopics() {
    }

    /** A prefix no other test uses, e.g. {@code t-3f9c1a2b}. */
    public static String uniquePrefix() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static void create(int partitions, String... topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()))) {
            admin.createTopics(Arrays.stream(topics).map(t -> new NewTopic(t, partitions, (short) 1)).toList())
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new IllegalStateException(e.getCause());
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
