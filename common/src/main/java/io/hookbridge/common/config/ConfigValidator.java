package io.hookbridge.common.config;

import io.hookbridge.common.signature.StandardWebhooks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks what the records cannot express by type alone. Throws on the first problem, naming its key. */
public final class ConfigValidator {

    /** Verifiers that sign with a shared secret. */
    public static final Set<String> SECRET_VERIFIERS =
            Set.of("github", "stripe", "shopify", "slack", "standard-webhooks", "hmac");
    public static final Set<String> VERIFIERS;

    static {
        var all = new java.util.TreeSet<>(SECRET_VERIFIERS);
        all.addAll(List.of("bearer", "api-key", "none"));
        VERIFIERS = java.util.Collections.unmodifiableSet(all);
    }

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
        for (Map.Entry<String, SourceConfig> e : ingress.sources().entrySet()) {
            source("ingress.sources." + e.getKey(), e.getKey(), e.getValue());
        }

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
        for (int i = 0; i < delivery.privateTargets().size(); i++) {
            privateTarget("egress.delivery.privateTargets[" + i + "]", delivery.privateTargets().get(i));
        }
        for (int i = 0; i < egress.routes().size(); i++) {
            RouteConfig route = egress.routes().get(i);
            if (route == null || blank(route.type())) throw new ConfigException("egress.routes[" + i + "].type", "missing");
            if (blank(route.topic())) throw new ConfigException("egress.routes[" + i + "].topic", "missing");
        }
    }

    /** The checks a role makes before it starts: it needs Kafka, the egress needs its admin token. */
    public static void requireBootstrapServers(HookbridgeConfig config) {
        if (!config.kafka().hasBootstrapServers()) {
            throw new ConfigException("kafka.bootstrapServers", "missing (set it or KAFKA_BOOTSTRAP_SERVERS)");
        }
    }

    public static void requireAdminToken(HookbridgeConfig config) {
        Secret token = config.egress().adminToken();
        if (token == null || token.isBlank()) {
            throw new ConfigException("egress.adminToken", "missing (set HOOKBRIDGE_ADMIN_TOKEN)");
        }
    }

    private static void source(String key, String name, SourceConfig source) {
        if (!name.matches("[A-Za-z0-9_-]+")) {
            throw new ConfigException(key, "a source name may hold only letters, digits, '-' and '_'");
        }
        if (source == null || blank(source.verifier())) {
            throw new ConfigException(key + ".verifier", "missing (one of " + VERIFIERS + ")");
        }
        String verifier = source.verifier();
        if (!VERIFIERS.contains(verifier)) {
            throw new ConfigException(key + ".verifier", "unknown verifier '" + verifier + "' (one of " + VERIFIERS + ")");
        }
        if (SECRET_VERIFIERS.contains(verifier)) {
            nonEmpty(key + ".secrets", source.secrets());
        } else if (verifier.equals("bearer")) {
            nonEmpty(key + ".tokens", source.tokens());
        } else if (verifier.equals("api-key")) {
            nonEmpty(key + ".keys", source.keys());
        }
        positive(key + ".tolerance", source.tolerance());
        if (verifier.equals("hmac")) {
            if (blank(source.header())) throw new ConfigException(key + ".header", "missing (the signature header)");
            if (source.algorithm() != null && !Set.of("sha1", "sha256", "sha512").contains(source.algorithm())) {
                throw new ConfigException(key + ".algorithm", "must be sha1, sha256 or sha512");
            }
            if (source.encoding() != null && !Set.of("hex", "base64").contains(source.encoding())) {
                throw new ConfigException(key + ".encoding", "must be hex or base64");
            }
            signedContent(key, source);
        }
        if (verifier.equals("standard-webhooks")) {
            for (int i = 0; i < source.secrets().size(); i++) {
                try {
                    if (StandardWebhooks.key(source.secrets().get(i).value()).length == 0) throw new IllegalArgumentException();
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(key + ".secrets[" + i + "]", "not a Standard Webhooks secret (whsec_ followed by base64)");
                }
            }
        }
    }

    /**
     * hmac: the template may hold only {timestamp} and {body}, must sign the body, and a timestamp header is
     * useful only when it is signed (an unsigned timestamp stops no replay), so the two come together.
     */
    private static void signedContent(String key, SourceConfig source) {
        String template = blank(source.signedContent()) ? "{body}" : source.signedContent();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]*)}").matcher(template);
        boolean body = false;
        boolean timestamp = false;
        while (m.find()) {
            if (m.group(1).equals("body")) {
                body = true;
            } else if (m.group(1).equals("timestamp")) {
                timestamp = true;
            } else {
                throw new ConfigException(key + ".signedContent", "unknown placeholder {" + m.group(1) + "} (use {timestamp} and {body})");
            }
        }
        if (!body) throw new ConfigException(key + ".signedContent", "must contain {body}");
        boolean header = !blank(source.timestampHeader());
        if (timestamp && !header) {
            throw new ConfigException(key + ".timestampHeader", "missing: signedContent uses {timestamp}");
        }
        if (header && !timestamp) {
            throw new ConfigException(key + ".signedContent", "must contain {timestamp} when timestampHeader is set");
        }
    }

    /** A CIDR ({@code 10.0.0.0/8}, {@code fd00::/8}), an address, a host name or a {@code *.} suffix. */
    private static void privateTarget(String key, String entry) {
        if (blank(entry)) throw new ConfigException(key, "empty");
        String e = entry.trim();
        int slash = e.indexOf('/');
        if (slash >= 0) {
            String address = e.substring(0, slash);
            boolean v4 = address.matches("\\d{1,3}(\\.\\d{1,3}){3}");
            boolean v6 = address.contains(":") && address.matches("[0-9A-Fa-f:.]+");
            int max = v4 ? 32 : 128;
            if ((!v4 && !v6) || !e.substring(slash + 1).matches("\\d{1,3}") || Integer.parseInt(e.substring(slash + 1)) > max) {
                throw new ConfigException(key, "'" + entry + "' is not a CIDR block (e.g. 10.0.0.0/8 or fd00::/8)");
            }
        } else if (!e.matches("(\\*\\.)?[A-Za-z0-9_.:-]+")) {
            throw new ConfigException(key, "'" + entry + "' is neither an address, a CIDR block nor a host name");
        }
    }

    private static void nonEmpty(String key, List<Secret> secrets) {
        if (secrets.isEmpty()) {
            throw new ConfigException(key, "missing (at least one is needed)");
        }
        for (int i = 0; i < secrets.size(); i++) {
            if (secrets.get(i) == null || secrets.get(i).isBlank()) {
                throw new ConfigException(key + "[" + i + "]", "empty");
            }
        }
    }

    private static void port(String key, int port) {
        if (port < 0 || port > 65535) throw new ConfigException(key, "must be between 0 and 65535");
    }

    private static void positive(String key, long value) {
        if (value <= 0) throw new ConfigException(key, "must be positive");
    }

    private static void positive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) throw new ConfigException(key, "must be positive");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
