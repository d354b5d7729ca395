package io.hookbridge.common.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The verifier options ConfigValidator checks, each refusal naming its key. */
class SourceValidationTest {

    private static HookbridgeConfig source(String yaml) {
        return ConfigLoader.parse("ingress:\n  sources:\n    s: " + yaml + "\n", Map.of());
    }

    @Test
    void everyVerifierOfTheContractIsAccepted() {
        HookbridgeConfig config = ConfigLoader.parse("""
                ingress:
                  sources:
                    github:  { verifier: github, secrets: [a] }
                    stripe:  { verifier: stripe, secrets: [whsec_a], tolerance: 5m }
                    shop:    { verifier: shopify, secrets: [a] }
                    slack:   { verifier: slack, secrets: [a], tolerance: 5m }
                    billing: { verifier: standard-webhooks, secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"], tolerance: 5m }
                    legacy:  { verifier: hmac, header: X-Signature, algorithm: sha512, encoding: base64, prefix: "v1=",
                               timestampHeader: X-Timestamp, signedContent: "{timestamp}.{body}", secrets: [a] }
                    crm:     { verifier: bearer, tokens: [t] }
                    partner: { verifier: api-key, keys: [k] }
                    open:    { verifier: none }
                """, Map.of());
        assertThat(config.ingress().sources()).hasSize(9);
        assertThat(config.ingress().sources().get("partner").header()).isNull();
    }

    @Test
    void aStandardWebhooksSecretMustBeWhsecBase64() {
        assertThatThrownBy(() -> source("{ verifier: standard-webhooks, secrets: [\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\", \"whsec_...\"] }"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ingress.sources.s.secrets[1]: not a Standard Webhooks secret");
        assertThatThrownBy(() -> source("{ verifier: standard-webhooks, secrets: [\"whsec_\"] }"))
                .hasMessageStartingWith("ingress.sources.s.secrets[0]: ");
    }

    @Test
    void anHmacTemplateMaySignOnlyTheTimestampAndTheBodyAndTheyComeTogether() {
        assertThatThrownBy(() -> source("{ verifier: hmac, header: X-Sig, secrets: [a], signedContent: \"{id}.{body}\" }"))
                .hasMessage("ingress.sources.s.signedContent: unknown placeholder {id} (use {timestamp} and {body})");
        assertThatThrownBy(() -> source("{ verifier: hmac, header: X-Sig, secrets: [a], signedContent: \"{timestamp}\", timestampHeader: X-T }"))
                .hasMessage("ingress.sources.s.signedContent: must contain {body}");
        assertThatThrownBy(() -> source("{ verifier: hmac, header: X-Sig, secrets: [a], signedContent: \"{timestamp}.{body}\" }"))
                .hasMessage("ingress.sources.s.timestampHeader: missing: signedContent uses {timestamp}");
        assertThatThrownBy(() -> source("{ verifier: hmac, header: X-Sig, secrets: [a], timestampHeader: X-T }"))
                .hasMessage("ingress.sources.s.signedContent: must contain {timestamp} when timestampHeader is set");
        assertThatThrownBy(() -> source("{ verifier: hmac, secrets: [a] }"))
                .hasMessage("ingress.sources.s.header: missing (the signature header)");
        assertThatThrownBy(() -> source("{ verifier: hmac, header: X-Sig, secrets: [a], algorithm: md5 }"))
                .hasMessage("ingress.sources.s.algorithm: must be sha1, sha256 or sha512");
    }

    @Test
    void tokensAndKeysAreRequiredWhereTheyAreTheCheck() {
        assertThatThrownBy(() -> source("{ verifier: bearer }")).hasMessage("ingress.sources.s.tokens: missing (at least one is needed)");
        assertThatThrownBy(() -> source("{ verifier: api-key }")).hasMessage("ingress.sources.s.keys: missing (at least one is needed)");
    }
}
