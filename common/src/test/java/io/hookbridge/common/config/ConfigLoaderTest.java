package io.hookbridge.common.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    private static final String CONTRACT_EXAMPLE = """
            kafka:
              bootstrapServers: ${KAFKA_BOOTSTRAP_SERVERS}
              producer: { compression.type: lz4 }
            topics:
              inbound: hookbridge.inbound
              events: hookbridge.events
              deadLetters: hookbridge.dead-letters
            ingress:
              port: 8080
              maxBodyBytes: 1048576
              ackTimeout: 5s
              sources:
                github:   { verifier: github,  secrets: ["${GITHUB_SECRET}"] }
                stripe:   { verifier: stripe,  secrets: ["${STRIPE_SECRET}"], tolerance: 5m }
                legacy:   { verifier: hmac, header: X-Signature, algorithm: sha256, encoding: hex, prefix: "sha256=",
                            secrets: ["${LEGACY_SECRET:-fallback-secret}"], deliveryIdHeader: X-Request-Id, eventTypeHeader: X-Event }
                crm:      { verifier: bearer, tokens: ["${CRM_TOKEN}"] }
                partner:  { verifier: api-key, header: X-Api-Key, keys: ["${PARTNER_KEY}"] }
            egress:
              port: 8081
              adminToken: ${HOOKBRIDGE_ADMIN_TOKEN}
              dedupWindow: 72h
              delivery: { timeout: 15s, maxInFlightPerSubscription: 32, retrySchedule: [5s, 5m, 30m, 2h, 5h, 10h, 10h],
                          allowPrivateTargets: false, privateTargets: ["10.0.0.0/8", "orders.internal"] }
            """;

    private static final Map<String, String> ENV = Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", "broker:9092",
            "GITHUB_SECRET", "gh-secret",
            "STRIPE_SECRET", "whsec_stripe",
            "CRM_TOKEN", "crm-token",
            "PARTNER_KEY", "partner-key",
            "HOOKBRIDGE_ADMIN_TOKEN", "admin-token");

    @Test
    void readsTheContractExampleWithEnvironmentExpanded() {
        HookbridgeConfig config = ConfigLoader.parse(CONTRACT_EXAMPLE, ENV);

        assertThat(config.kafka().bootstrapServers()).isEqualTo("broker:9092");
        assertThat(config.kafka().producer()).containsEntry("compression.type", "lz4");
        assertThat(config.topics().inbound()).isEqualTo("hookbridge.inbound");
        assertThat(config.ingress().ackTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.ingress().sources()).containsOnlyKeys("github", "stripe", "legacy", "crm", "partner");
        assertThat(config.ingress().sources().get("github").secrets()).extracting(Secret::value).containsExactly("gh-secret");
        assertThat(config.ingress().sources().get("stripe").tolerance()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.ingress().sources().get("legacy").secrets()).extracting(Secret::value).containsExactly("fallback-secret");
        assertThat(config.ingress().sources().get("legacy").deliveryIdHeader()).isEqualTo("X-Request-Id");
        assertThat(config.egress().adminToken().value()).isEqualTo("admin-token");
        assertThat(config.egress().dedupWindow()).isEqualTo(Duration.ofHours(72));
        assertThat(config.egress().delivery().retrySchedule()).hasSize(7).startsWith(Duration.ofSeconds(5));
        assertThat(config.egress().delivery().privateTargets()).containsExactly("10.0.0.0/8", "orders.internal");
    }

    @Test
    void anEmptyFileGivesTheDocumentedDefaults() {
        HookbridgeConfig config = ConfigLoader.parse("", Map.of());

        assertThat(config.ingress().port()).isEqualTo(8080);
        assertThat(config.ingress().maxBodyBytes()).isEqualTo(1_048_576L);
        assertThat(config.egress().port()).isEqualTo(8081);
        assertThat(config.egress().dedupWindow()).isEqualTo(Duration.ofHours(72));
        assertThat(config.topics().events()).isEqualTo("hookbridge.events");
        assertThat(config.topics().deadLetters()).isEqualTo("hookbridge.dead-letters");
        assertThat(config.ingress().headerTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.ingress().h2c()).as("h2c off unless asked for").isFalse();
    }

    @Test
    void h2cIsAnExplicitBoolean() {
        assertThat(ConfigLoader.parse("ingress:\n  h2c: true\n", Map.of()).ingress().h2c()).isTrue();
        // Ingress.start resolves port 0 with withPort: h2c must survive it.
        assertThat(ConfigLoader.parse("ingress:\n  h2c: true\n", Map.of()).ingress().withPort(0).h2c()).isTrue();
        assertThatThrownBy(() -> ConfigLoader.parse("ingress:\n  h2c: sometimes\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ingress.h2c: ");
    }

    @Test
    void numbersAndBooleansMayComeFromTheEnvironment() {
        HookbridgeConfig config = ConfigLoader.parse("ingress:\n  port: ${PORT}\n  h2c: ${H2C:-false}\n"
                + "  maxBodyBytes: ${MAX_BODY}\n", Map.of("PORT", "8081", "H2C", "true", "MAX_BODY", "2048"));
        assertThat(config.ingress().port()).isEqualTo(8081);
        assertThat(config.ingress().h2c()).isTrue();
        assertThat(config.ingress().maxBodyBytes()).isEqualTo(2048);
        assertThatThrownBy(() -> ConfigLoader.parse("ingress:\n  port: ${PORT}\n", Map.of("PORT", "eighty")))
                .hasMessageContaining("ingress.port");
    }

    @Test
    void bootstrapServersFallBackToTheEnvironment() {
        assertThat(ConfigLoader.parse("", Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092")).kafka().bootstrapServers())
                .isEqualTo("k:9092");
    }

    @Test
    void anUnknownKeyIsNamed() {
        assertThatThrownBy(() -> ConfigLoader.parse("ingress:\n  prot: 8080\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("ingress.prot: unknown key");
        assertThatThrownBy(() -> ConfigLoader.parse(
                "ingress:\n  sources:\n    gh: { verifier: github, secrets: [x], secrit: y }\n", Map.of()))
                .hasMessage("ingress.sources.gh.secrit: unknown key");
    }

    @Test
    void aMissingSecretIsNamedWithItsVariable() {
        assertThatThrownBy(() -> ConfigLoader.parse(CONTRACT_EXAMPLE, without(ENV, "GITHUB_SECRET")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("ingress.sources.github.secrets[0]: environment variable GITHUB_SECRET is not set");
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> ConfigLoader.parse("ingress:\n  ackTimeout: soon\n", Map.of()))
                .hasMessageStartingWith("ingress.ackTimeout: ");
        assertThatThrownBy(() -> ConfigLoader.parse("ingress:\n  port: [1]\n", Map.of()))
                .hasMessageStartingWith("ingress.port: ");
        assertThatThrownBy(() -> ConfigLoader.parse("ingress: [\n", Map.of()))
                .hasMessageStartingWith("(file): not valid YAML");
    }

    @Test
    void secretsNeverAppearInToString() {
        HookbridgeConfig config = ConfigLoader.parse(CONTRACT_EXAMPLE,
                with(ENV, "KAFKA_BOOTSTRAP_SERVERS", "broker:9092"));
        String printed = config.toString();

        assertThat(printed).contains("broker:9092", "github");
        assertThat(printed).doesNotContain("gh-secret", "whsec_stripe", "crm-token", "partner-key", "admin-token",
                "fallback-secret");
    }

    @Test
    void kafkaCredentialsPassedThroughAreMasked() {
        HookbridgeConfig config = ConfigLoader.parse("""
                kafka:
                  producer: { sasl.jaas.config: "user=u password=p", ssl.truststore.password: tpw, linger.ms: "1" }
                """, Map.of());
        assertThat(config.kafka().toString()).contains("linger.ms=1").doesNotContain("password=p", "tpw");
    }

    @Test
    void durationsReadAsOperatorsWriteThem() {
        assertThat(List.of("250ms", "5s", "5m", "72h", "1d", "PT10S").stream().map(Durations::parse))
                .containsExactly(Duration.ofMillis(250), Duration.ofSeconds(5), Duration.ofMinutes(5),
                        Duration.ofHours(72), Duration.ofDays(1), Duration.ofSeconds(10));
        assertThatThrownBy(() -> Durations.parse("5 parsecs")).hasMessageContaining("not a duration");
    }

    private static Map<String, String> without(Map<String, String> env, String name) {
        var copy = new java.util.HashMap<>(env);
        copy.remove(name);
        return copy;
    }

    private static Map<String, String> with(Map<String, String> env, String name, String value) {
        var copy = new java.util.HashMap<>(env);
        copy.put(name, value);
        return copy;
    }
}
