package io.hookbridge.common.config;

/**
 * Topic names. {@code inbound} holds raw verified webhooks keyed by delivery id, {@code events} the
 * normalized CloudEvents, {@code deadLetters} what could not be normalized or delivered,
 * {@code subscriptions} the compacted subscription table, {@code attempts} every delivery attempt (the
 * delivery log), {@code operations} CloudEvents about subscription health (circuit opened/closed, disabled,
 * paused, resumed), and {@code retryPrefix} names the delay
 * tiers of outbound retries ({@code <retryPrefix>.<delay>}). Topics that do not exist are created at start
 * with {@code partitions} and {@code replicationFactor} (-1: the broker's default).
 */
public record Topics(String inbound, String events, String deadLetters, String subscriptions, String retryPrefix,
                     Integer partitions, Short replicationFactor, String attempts, String operations) {

    public Topics {
        inbound = orDefault(inbound, "hookbridge.inbound");
        events = orDefault(events, "hookbridge.events");
        deadLetters = orDefault(deadLetters, "hookbridge.dead-letters");
        subscriptions = orDefault(subscriptions, "hookbridge.subscriptions");
        retryPrefix = orDefault(retryPrefix, "hookbridge.retry");
        attempts = orDefault(attempts, "hookbridge.attempts");
        operations = orDefault(operations, "hookbridge.operations");
        partitions = partitions != null ? partitions : 6;
        replicationFactor = replicationFactor != null ? replicationFactor : -1;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
