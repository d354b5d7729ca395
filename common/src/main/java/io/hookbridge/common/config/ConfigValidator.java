package io.hookbridge.common.config;

import java.time.Duration;

/**
 * What both roles check: the shared keys, and the helpers their own rules use (each role checks its own keys
 * when it starts: the ingress's {@code IngressConfigRules} and verifier registry, the egress's
 * {@code EgressConfigRules}). Each throws a {@link ConfigException} naming the key.
 */
public final class ConfigValidator {

    private ConfigValidator() {
    }

    /** Both roles need Kafka. */
    public static void requireBootstrapServers(HookbridgeConfig config) {
        if (!config.kafka().hasBootstrapServers()) {
            throw new ConfigException("kafka.bootstrapServers", "missing (set it or KAFKA_BOOTSTRAP_SERVERS)");
        }
    }

    public static void port(String key, int port) {
        if (port < 0 || port > 65535) throw new ConfigException(key, "must be between 0 and 65535");
    }

    public static void positive(String key, long value) {
        if (value <= 0) throw new ConfigException(key, "must be positive");
    }

    public static void positive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) throw new ConfigException(key, "must be positive");
    }

    public static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
