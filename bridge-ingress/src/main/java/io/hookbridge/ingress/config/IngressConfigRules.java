package io.hookbridge.ingress.config;

import io.hookbridge.common.config.ConfigException;
import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.config.IngressConfig;

import static io.hookbridge.common.config.ConfigValidator.port;
import static io.hookbridge.common.config.ConfigValidator.positive;

/**
 * The ingress's own config rules, checked when it starts: the ranges of its limits. Its sources are checked by
 * the verifier registry as it builds their verifiers. Throws on the first problem, naming its key.
 */
public final class IngressConfigRules {

    private IngressConfigRules() {
    }

    public static void check(HookbridgeConfig config) {
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
    }
}
