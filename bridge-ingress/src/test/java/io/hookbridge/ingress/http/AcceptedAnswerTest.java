package io.hookbridge.ingress.http;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The 202 body is written without a JSON tree: whatever a provider puts in its delivery id must still parse back. */
class AcceptedAnswerTest {

    @ParameterizedTest
    @ValueSource(strings = {"72d3162e-cc78-11e3-81ab-4c9367dc0958", "evt_\"quoted\"\\slash", "tab\there", "ünïcødé-✓", ""})
    void theDeliveryIdParsesBackExactly(String deliveryId) {
        JsonObject answer = new JsonObject(WebhookHandler.accepted(deliveryId));
        assertThat(answer.fieldNames()).containsExactly("deliveryId");
        assertThat(answer.getString("deliveryId")).isEqualTo(deliveryId);
    }
}
