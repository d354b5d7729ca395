package io.hookbridge.egress.config;

import io.hookbridge.common.config.ConfigException;
import io.hookbridge.common.config.DeliveryConfig;
import io.hookbridge.common.config.Durations;
import io.hookbridge.common.config.EgressConfig;
import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.config.RouteConfig;
import io.hookbridge.common.config.Secret;
import io.hookbridge.egress.ssrf.Cidr;
import io.hookbridge.egress.subscription.SecretSealer;

import java.util.List;

import static io.hookbridge.common.config.ConfigValidator.blank;
import static io.hookbridge.common.config.ConfigValidator.port;
import static io.hookbridge.common.config.ConfigValidator.positive;

/**
 * The egress's own config rules, checked when it starts: the ranges of its settings, then what is checked with
 * the code that uses the values (a private target is parsed by {@link Cidr} as the SSRF guard will parse it, a
 * secrets key decoded by {@link SecretSealer}). Throws on the first problem, naming its key.
 */
public final class EgressConfigRules {

    private EgressConfigRules() {
    }

    public static void check(HookbridgeConfig config) {
        ranges(config.egress());
        List<String> targets = config.egress().delivery().privateTargets();
        for (int i = 0; i < targets.size(); i++) {
            privateTarget("egress.delivery.privateTargets[" + i + "]", targets.get(i));
        }
        Secret key = config.egress().secretsKey();
        if (key != null && !key.isBlank()) secretsKey("egress.secretsKey", key);
        List<Secret> previous = config.egress().previousSecretsKeys();
        for (int i = 0; i < previous.size(); i++) {
            secretsKey("egress.previousSecretsKeys[" + i + "]", previous.get(i));
        }
        List<RouteConfig> routes = config.egress().routes();
        for (int i = 0; i < routes.size(); i++) {
            RouteConfig route = routes.get(i);
            if (route == null || blank(route.type())) throw new ConfigException("egress.routes[" + i + "].type", "missing");
            if (blank(route.topic())) throw new ConfigException("egress.routes[" + i + "].topic", "missing");
        }
    }

    private static void ranges(EgressConfig egress) {
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

    /** The egress run alone (or standalone) serves the admin API, which needs its token. */
    public static void requireAdminToken(HookbridgeConfig config) {
        Secret token = config.egress().adminToken();
        if (token == null || token.isBlank()) {
            throw new ConfigException("egress.adminToken", "missing (set HOOKBRIDGE_ADMIN_TOKEN)");
        }
    }

    /**
     * The egress jar seals subscription secrets with a key of its operator's: without one it would have to
     * invent a key that the next start (or the next instance) does not know.
     */
    public static void requireSecretsKey(HookbridgeConfig config) {
        Secret key = config.egress().secretsKey();
        if (key == null || key.isBlank()) {
            throw new ConfigException("egress.secretsKey", "missing (set HOOKBRIDGE_SECRETS_KEY to 32 random bytes in base64:"
                    + " openssl rand -base64 32)");
        }
    }

    private static void secretsKey(String key, Secret value) {
        if (value == null || value.isBlank()) throw new ConfigException(key, "empty");
        try {
            SecretSealer.decodeKey(value.value());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, e.getMessage());
        }
    }

    /** A CIDR ({@code 10.0.0.0/8}, {@code fd00::/8}), an address, a host name or a {@code *.} suffix. */
    private static void privateTarget(String key, String entry) {
        if (blank(entry)) throw new ConfigException(key, "empty");
        String e = entry.trim();
        if (e.contains("/") || Cidr.isLiteral(e)) {
            try {
                Cidr.parse(e);
            } catch (IllegalArgumentException bad) {
                throw new ConfigException(key, "'" + entry + "' is not a CIDR block or address (e.g. 10.0.0.0/8 or fd00::/8): "
                        + bad.getMessage());
            }
        } else if (!e.matches("(\\*\\.)?[A-Za-z0-9_.-]+")) {
            throw new ConfigException(key, "'" + entry + "' is neither an address, a CIDR block nor a host name");
        }
    }
}
