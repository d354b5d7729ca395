package io.hookbridge.common.kafka;

import io.hookbridge.common.config.KafkaSettings;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Who wins for a producer setting: hookbridge's base, then the role's defaults, then the operator, then the guarantees. */
class KafkaClientsTest {

    private static KafkaSettings operator(Map<String, String> producer) {
        return new KafkaSettings("127.0.0.1:9092", producer, Map.of(), Map.of());
    }

    @Test
    void aRolesDefaultAppliesOverTheBaseAndTheOperatorsSettingOverThat() {
        Map<String, Object> plain = KafkaClients.producer(operator(Map.of()), "c");
        assertThat(plain).containsEntry(ProducerConfig.LINGER_MS_CONFIG, 0);

        Map<String, Object> role = KafkaClients.producer(operator(Map.of()), "c", Map.of(ProducerConfig.LINGER_MS_CONFIG, 20));
        assertThat(role).containsEntry(ProducerConfig.LINGER_MS_CONFIG, 20);

        Map<String, Object> operators = KafkaClients.producer(operator(Map.of(ProducerConfig.LINGER_MS_CONFIG, "5")), "c",
                Map.of(ProducerConfig.LINGER_MS_CONFIG, 20));
        assertThat(operators).containsEntry(ProducerConfig.LINGER_MS_CONFIG, "5");
    }

    @Test
    void neitherARoleNorTheOperatorLoosensAcksOrIdempotence() {
        Map<String, Object> props = KafkaClients.producer(operator(Map.of(ProducerConfig.ACKS_CONFIG, "1")), "c",
                Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false));
        assertThat(props).containsEntry(ProducerConfig.ACKS_CONFIG, "all").containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    }
}
