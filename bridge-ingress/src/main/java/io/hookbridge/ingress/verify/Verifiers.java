package io.hookbridge.ingress.verify;

import io.hookbridge.common.config.ConfigException;
import io.hookbridge.common.config.SourceConfig;

/** Builds the verifier a source's configuration names (the configuration is already validated). */
public final class Verifiers {

    private Verifiers() {
    }

    public static Verifier forSource(String name, SourceConfig source) {
        HeaderIds ids = new HeaderIds(source.deliveryIdHeader(), source.eventTypeHeader());
        switch (source.verifier()) {
            case "github":
                return new GithubVerifier(source.secrets());
            case "stripe":
                return new StripeVerifier(source.secrets(), source.tolerance());
            case "shopify":
                return new ShopifyVerifier(source.secrets());
            case "slack":
                return new SlackVerifier(source.secrets(), source.tolerance());
            case "standard-webhooks":
                return new StandardWebhooksVerifier(source.secrets(), source.tolerance());
            case "hmac":
                return new HmacVerifier(source);
            case "bearer":
                return new BearerVerifier(source.tokens(), ids);
            case "api-key":
                return new ApiKeyVerifier(source.header(), source.keys(), ids);
            case "none":
                return new NoneVerifier(ids);
            default:
                throw new ConfigException("ingress.sources." + name + ".verifier",
                        "unknown verifier '" + source.verifier() + "'");
        }
    }
}
