package io.hookbridge.common.kafka;

import io.hookbridge.common.config.Topics;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TopicPlanTest {

    @Test
    void aTopicDeclaredTwiceIsPlannedOnceWithItsFirstSettings() {
        TopicPlan plan = TopicPlan.of(new Topics(null, null, null, null, null, 3, (short) 2, null, null))
                .compacted("table")
                .plain("events")
                .plain("table")
                .plain("events");

        assertThat(plan.partitions()).isEqualTo(3);
        assertThat(plan.replicationFactor()).isEqualTo((short) 2);
        assertThat(plan.topics()).containsExactly(
                new TopicPlan.Topic("table", Map.of("cleanup.policy", "compact")),
                new TopicPlan.Topic("events", Map.of()));
    }
}
