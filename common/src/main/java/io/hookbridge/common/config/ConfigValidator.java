package io.hookbridge.common.config;

import java.time.Duration;

/**
 * Checks the ranges the records cannot express by type alone. Throws on the first problem, naming its key.
 * The rules of a role's own parts live in that role: the ingress's verifier registry checks the sources,
 * the egress's config rules its targets and routes.
 */
public final class ConfigValidator {

    private ConfigValidator() {
    }

    static void validate(HookbridgeConfig config) {
        IngressConfig ingress = config.ingress();
        port("ingress.port", ingress.port());
        positive("ingress.maxBodyBytes", ingress.maxBodyBytes());
        positive("ingress.ackTimeout", ingress.ackTimeout());
        positive("ingress.maxInFlight", ingress.maxInFlight());
        positive("ingress.maxBodyBytesInFlight", ingress.maxBodyBytesInFlight());
        if (ingress.maxBodyBytesInFlight() < ingress.maxBodyBytes()) {
            throw new ConfigException("ingress.maxBodyBytesInFlight", "must be at least ingress.maxBodyBytes ("
                    + ingress.maxBodyBytes() + "), else a body of the largest accepted size could never be taken");
        }
        positive("ingress.smallBodyBytes", ingress.smallBodyBytes());
        positive("ingress.maxConnections", ingress.maxConnections());
        positive("ingress.headerTimeout", ingress.headerTimeout());
        positive("ingress.bodyTimeout", ingress.bodyTimeout());
        positive("ingress.idleTimeout", ingress.idleTimeout());

        EgressConfig egress = config.egress();
        port("egress.port", egress.port());
        positive("egress.dedupWindow", egress.dedupWindow());
        positive("egress.numStreamThreads", egress.numStreamThreads());
        DeliveryConfig delivery = egress.delivery();
        positive("egress.delivery.timeout", delivery.timeout());
        positive("egress.delivery.maxInFlightPerSubscription", delivery.maxInFlightPerSubscription());
        if (delivery.retrySchedule().isEmpty()) {
            throw new ConfigException("egress.delivery.retrySchedule", "must hold at least one delay");
        }
        for (int i = 0; i < delivery.retrySchedule().size(); i++) {
            positive("egress.delivery.retrySchedule[" + i + "]", delivery.retrySchedule().get(i));
        }
        positive("egress.delivery.rotationOverlap", delivery.rotationOverlap());
        positive("egress.attempts.retention", egress.attempts().retention());
        positive("egress.attempts.maxPending", egress.attempts().maxPending());
        positive("egress.attempts.indexCacheBytes", egress.attempts().indexCacheBytes());
        positive("egress.replay.perSecond", egress.replay().perSecond());
        positive("egress.replay.maxJobs", egress.replay().maxJobs());
        positive("egress.delivery.circuitBreaker.failures", delivery.circuitBreaker().failures());
        positive("egress.delivery.circuitBreaker.coolDown", delivery.circuitBreaker().coolDown());
        if (delivery.circuitBreaker().maxCoolDown().compareTo(delivery.circuitBreaker().coolDown()) < 0) {
            throw new ConfigException("egress.delivery.circuitBreaker.maxCoolDown", "must be at least coolDown ("
                    + Durations.format(delivery.circuitBreaker().coolDown()) + ")");
        }
        positive("egress.delivery.disableAfter", delivery.disableAfter());
        positive("egress.delivery.pauseRecheck", delivery.pauseRecheck());
        positive("egress.delivery.maxQueuedPerSubscription", delivery.maxQueuedPerSubscription());
        positive("egress.delivery.maxQueueDelay", delivery.maxQueueDelay());
        positive("egress.delivery.maxOutstanding", delivery.maxOutstanding());
        positive("egress.delivery.maxOutstandingBytes", delivery.maxOutstandingBytes());
        if (2L * (delivery.maxQueuedPerSubscription() + delivery.maxInFlightPerSubscription()) > delivery.maxOutstanding()) {
            throw new ConfigException("egress.delivery.maxOutstanding", "must be at least twice maxQueuedPerSubscription"
                    + " + maxInFlightPerSubscription, so that no subscription that falls behind pauses consumption alone");
        }
    }

    /** Both roles need Kafka. */
    public static void requireBootstrapServers(HookbridgeConfig config) {
        if (!config.kafka().hasBootstrapServers()) {
            throw new ConfigException("kafka.bootstrapServers", "missing (set it or KAFKA_BOOTSTRAP_SERVERS)");
        }
    }

    private static void port(String key, int port) {
        if (port < 0 || port > 65535) throw new ConfigException(key, "must be between 0 and 65535");
    }

    /** Shared by the roles' own rules. */
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
