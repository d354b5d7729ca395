package io.hookbridge.ingress.kafka;

import io.hookbridge.common.record.InboundWebhook;
import io.hookbridge.ingress.InboundTopic;
import io.hookbridge.ingress.RunningIngress;
import io.hookbridge.testing.KafkaBroker;
import io.hookbridge.testing.TestTopics;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static io.hookbridge.ingress.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A body within {@code maxBodyBytes} that the inbound topic would refuse ({@code max.message.bytes}) is
 * answered 413: by the ingress itself when it can tell, else when the broker refuses it.
 */
class TopicLimitTest {

    private static final int TOPIC_LIMIT = 4096;

    private static String topicWithLimit() throws Exception {
        String prefix = TestTopics.uniquePrefix();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(prefix + ".inbound", 1, (short) 1)
                    .configs(Map.of("max.message.bytes", Integer.toString(TOPIC_LIMIT))))).all().get(30, TimeUnit.SECONDS);
        }
        return prefix;
    }

    private static RunningIngress ingress(String prefix, String producer) throws Exception {
        return RunningIngress.start("""
                kafka: { bootstrapServers: "%s", producer: %s }
                topics: { inbound: %s.inbound }
                ingress:
                  port: 0
                  maxBodyBytes: 1048576
                  sources:
                    open: { verifier: none, deliveryIdHeader: X-Request-Id }
                """.formatted(KafkaBroker.bootstrapServers(), producer, prefix), Map.of());
    }

    /** The body size whose record's estimated size is exactly the topic's limit. */
    private static int largestBodyThatFits(String deliveryId) {
        InboundWebhook webhook = new InboundWebhook(deliveryId, "open", "unknown", System.currentTimeMillis(),
                "application/octet-stream", Map.of("x-request-id", deliveryId), new byte[0]);
        return (int) (TOPIC_LIMIT - TopicLimit.sizeUpperBound(webhook.toRecord("t")));
    }

    @Test
    void theTopicsLimitIsReadAtStartAndABodyOverItIs413() throws Exception {
        String prefix = topicWithLimit();
        try (RunningIngress ingress = ingress(prefix, "{}");
             InboundTopic inbound = new InboundTopic(KafkaBroker.bootstrapServers(), prefix + ".inbound")) {
            JsonObject problem = assertProblem(ingress.post("open", new byte[10_000], "X-Request-Id", "too-big"), 413, "payload-too-large");
            assertThat(problem.getString("detail")).contains("max.message.bytes=" + TOPIC_LIMIT);

            int fits = largestBodyThatFits("edge-1");
            assertProblem(ingress.post("open", new byte[fits + 1], "X-Request-Id", "edge-1",
                    "Content-Type", "application/octet-stream"), 413, "payload-too-large");
            // At the estimate's edge the broker takes it: the estimate is an upper bound, not a guess.
            assertThat(ingress.post("open", new byte[fits], "X-Request-Id", "edge-1",
                    "Content-Type", "application/octet-stream").statusCode()).isEqualTo(202);

            assertThat(inbound.newRecords()).extracting(r -> new String(r.key())).containsExactly("edge-1");
        }
    }

    @Test
    void whenTheProducerCompressesTheBrokersOwnRefusalIs413() throws Exception {
        String prefix = topicWithLimit();
        byte[] incompressible = new byte[10_000];
        new Random(1).nextBytes(incompressible);
        try (RunningIngress ingress = ingress(prefix, "{ compression.type: gzip }");
             InboundTopic inbound = new InboundTopic(KafkaBroker.bootstrapServers(), prefix + ".inbound")) {
            assertProblem(ingress.post("open", incompressible, "X-Request-Id", "refused-by-broker"), 413, "payload-too-large");
            // ...while a body that compresses below the limit is taken.
            assertThat(ingress.post("open", new byte[10_000], "X-Request-Id", "compressible").statusCode()).isEqualTo(202);
            assertThat(inbound.newRecords()).extracting(r -> new String(r.key())).containsExactly("compressible");
        }
    }
}
