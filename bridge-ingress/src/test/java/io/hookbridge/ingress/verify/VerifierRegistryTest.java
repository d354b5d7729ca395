package io.hookbridge.ingress.verify;

import io.hookbridge.common.config.ConfigException;
import io.hookbridge.common.config.ConfigLoader;
import io.hookbridge.common.config.HookbridgeConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry builds a verifier for every source the contract allows, and refuses a bad one naming its key. */
class VerifierRegistryTest {

    private static Map<String, Verifier> source(String yaml) {
        return build("ingress:\n  sources:\n    s: " + yaml + "\n");
    }

    private static Map<String, Verifier> build(String yaml) {
        return VerifierRegistry.build(ConfigLoader.parse(yaml, Map.of()).ingress().sources());
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
        Map<String, Verifier> verifiers = VerifierRegistry.build(config.ingress().sources());
        assertThat(verifiers).containsOnlyKeys("github", "stripe", "shop", "slack", "billing", "legacy", "crm", "partner", "open");
        assertThat(verifiers.get("billing")).isInstanceOf(StandardWebhooksVerifier.class);
        assertThat(verifiers.get("legacy")).isInstanceOf(HmacVerifier.class);
        assertThat(verifiers.get("partner")).isInstanceOf(ApiKeyVerifier.class);
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

    @Test
    void secretsAreRequiredAndNoneMayBeEmpty() {
        assertThatThrownBy(() -> build("ingress:\n  sources:\n    gh: { verifier: github }\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("ingress.sources.gh.secrets: missing (at least one is needed)");
        assertThatThrownBy(() -> build("ingress:\n  sources:\n    gh: { verifier: github, secrets: [''] }\n"))
                .hasMessage("ingress.sources.gh.secrets[0]: empty");
    }

    @Test
    void anUnknownVerifierIsNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> build("ingress:\n  sources:\n    x: { verifier: magic }\n"))
                .hasMessageStartingWith("ingress.sources.x.verifier: unknown verifier 'magic' (one of [api-key, bearer, github, hmac, none, ");
    }
}
