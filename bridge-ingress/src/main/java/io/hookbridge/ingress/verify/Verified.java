package io.hookbridge.ingress.verify;

import java.util.Map;

/**
 * A request whose signature holds.
 *
 * @param deliveryId      the provider's delivery id: the Kafka key, so every retry of one delivery meets its
 *                        first copy on the same partition
 * @param eventType       the provider's event type ({@code push}, {@code invoice.paid}, ...)
 * @param providerHeaders headers worth keeping on the record (lower-case names), e.g. to re-verify downstream
 */
public record Verified(String deliveryId, String eventType, Map<String, String> providerHeaders) {
}
