package io.hookbridge.ingress.verify;

import io.hookbridge.common.config.ConfigException;
import io.hookbridge.common.config.ConfigValidator;
import io.hookbridge.common.config.Secret;
import io.hookbridge.common.config.SourceConfig;
import io.hookbridge.common.signature.StandardWebhooks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The verifiers a source may name, each with the factory that builds it. Building is checking: a factory
 * refuses a source it cannot build with a {@link ConfigException} naming the key, using the code the verifier
 * runs on (the hmac verifier's own constructor, which compiles its {@link SignedContent}; {@link StandardWebhooks#key}).
 */
public final class VerifierRegistry {

    /** @param key the source's config key, {@code ingress.sources.<name>} */
    private interface Factory {
        Verifier create(String key, SourceConfig source);
    }

    private static final Map<String, Factory> FACTORIES = new TreeMap<>(Map.of(
            "github", (key, s) -> BodyHmacVerifier.github(required(key + ".secrets", s.secrets())),
            "stripe", (key, s) -> new StripeVerifier(required(key + ".secrets", s.secrets()), s.tolerance()),
            "shopify", (key, s) -> BodyHmacVerifier.shopify(required(key + ".secrets", s.secrets())),
            "slack", (key, s) -> new SlackVerifier(required(key + ".secrets", s.secrets()), s.tolerance()),
            "standard-webhooks", VerifierRegistry::standardWebhooks,
            "hmac", (key, s) -> {
                required(key + ".secrets", s.secrets());
                return new HmacVerifier(key, s);
            },
            "bearer", (key, s) -> new BearerVerifier(required(key + ".tokens", s.tokens()), ids(s)),
            "api-key", (key, s) -> new ApiKeyVerifier(s.header(), required(key + ".keys", s.keys()), ids(s)),
            // none: every request is taken (an explicit opt-in), with ids from the headers or a content hash
            "none", (key, s) -> ids(s)::verified));

    private VerifierRegistry() {
    }

    /** Every source's verifier, by source name; the first bad source stops it, named by its key. */
    public static Map<String, Verifier> build(Map<String, SourceConfig> sources) {
        Map<String, Verifier> verifiers = new LinkedHashMap<>();
        sources.forEach((name, source) -> verifiers.put(name, forSource(name, source)));
        return verifiers;
    }

    static Verifier forSource(String name, SourceConfig source) {
        String key = "ingress.sources." + name;
        if (!name.matches("[A-Za-z0-9_-]+")) {
            throw new ConfigException(key, "a source name may hold only letters, digits, '-' and '_'");
        }
        if (source == null || ConfigValidator.blank(source.verifier())) {
            throw new ConfigException(key + ".verifier", "missing (one of " + FACTORIES.keySet() + ")");
        }
        Factory factory = FACTORIES.get(source.verifier());
        if (factory == null) {
            throw new ConfigException(key + ".verifier",
                    "unknown verifier '" + source.verifier() + "' (one of " + FACTORIES.keySet() + ")");
        }
        ConfigValidator.positive(key + ".tolerance", source.tolerance());
        return factory.create(key, source);
    }

    private static Verifier standardWebhooks(String key, SourceConfig source) {
        List<Secret> secrets = required(key + ".secrets", source.secrets());
        for (int i = 0; i < secrets.size(); i++) {
            try {
                if (StandardWebhooks.key(secrets.get(i).value()).length == 0) throw new IllegalArgumentException();
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key + ".secrets[" + i + "]", "not a Standard Webhooks secret (whsec_ followed by base64)");
            }
        }
        return new StandardWebhooksVerifier(secrets, source.tolerance());
    }

    /** Secrets, tokens or keys: at least one, none empty. */
    private static List<Secret> required(String key, List<Secret> secrets) {
        if (secrets.isEmpty()) throw new ConfigException(key, "missing (at least one is needed)");
        for (int i = 0; i < secrets.size(); i++) {
            if (secrets.get(i) == null || secrets.get(i).isBlank()) throw new ConfigException(key + "[" + i + "]", "empty");
        }
        return secrets;
    }

    private static HeaderIds ids(SourceConfig source) {
        return new HeaderIds(source.deliveryIdHeader(), source.eventTypeHeader());
    }
}
