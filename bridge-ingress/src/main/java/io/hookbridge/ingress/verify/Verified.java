package io.hookbridge.ingress.verify;

import java.util.Map;

/**
 * A request whose signature holds.
 *
 * @param deliveryId      the provider's delivery id: the Kafka key, so every retry of one delivery meets its
 *                        first copy on the same partition
 * @param eventType       the provider's event type ({@code push}, {@code invoice.paid}, ...)
 * @param providerHeaders headers worth keeping on the record (lower-case names), e.g. to re-verify downstream
 * @param reply           null for a webhook to store; otherwise the JSON to answer a genuine request that
 *                        asks a question instead of delivering an event (Slack's url_verification), with
 *                        nothing written to Kafka
 */
public record Verified(String deliveryId, String eventType, Map<String, String> providerHeaders, String reply) {

    public Verified(String deliveryId, String eventType, Map<String, String> providerHeaders) {
        this(deliveryId, eventType, providerHeaders, null);
    }

    public static Verified answer(String replyJson) {
        return new Verified(null, null, Map.of(), replyJson);
    }

    public boolean isAnswer() {
        return reply != null;
    }
}
