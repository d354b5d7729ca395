package io.hookbridge.egress.config;

import io.hookbridge.common.config.ConfigException;
import io.hookbridge.common.config.ConfigLoader;
import io.hookbridge.common.config.HookbridgeConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Delivery settings and routes that cannot work stop start-up with a message naming the key. */
class EgressConfigRulesTest {

    /** What the egress checks before it starts: the shared loader, then its own rules. */
    private static HookbridgeConfig load(String yaml) {
        HookbridgeConfig config = ConfigLoader.parse(yaml, Map.of());
        EgressConfigRules.check(config);
        return config;
    }


    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "retrySchedule: []                        | egress.delivery.retrySchedule",
            "retrySchedule: [5s, 0s]                  | egress.delivery.retrySchedule[1]",
            "rotationOverlap: 0s                      | egress.delivery.rotationOverlap",
            "privateTargets: ['10.0.0.0/33']          | egress.delivery.privateTargets[0]",
            "privateTargets: ['orders.internal', 'a b'] | egress.delivery.privateTargets[1]",
            "privateTargets: ['']                     | egress.delivery.privateTargets[0]",
            "maxInFlightPerSubscription: 0            | egress.delivery.maxInFlightPerSubscription",
            "maxQueuedPerSubscription: 100, maxOutstanding: 200 | egress.delivery.maxOutstanding",
    })
    void badDeliverySettingsNameTheirKey(String setting, String key) {
        assertThatThrownBy(() -> load("egress: { delivery: { " + setting + " } }"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key + ": ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/8", "fd00::/8", "192.168.1.10", "orders.internal", "*.svc.cluster.local", "::1"})
    void privateTargetsTakeBlocksAddressesAndNames(String entry) {
        assertThat(load("egress: { delivery: { privateTargets: ['" + entry + "'] } }")
                .egress().delivery().privateTargets()).containsExactly(entry);
    }

    @org.junit.jupiter.api.Test
    void aRouteNeedsATypeAndATopic() {
        assertThatThrownBy(() -> load("egress: { routes: [ { type: 'a.*', topic: t }, { topic: t } ] }"))
                .hasMessage("egress.routes[1].type: missing");
        assertThatThrownBy(() -> load("egress: { routes: [ { type: 'a.*' } ] }"))
                .hasMessage("egress.routes[0].topic: missing");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "secretsKey: 'c2hvcnQ='                                  | egress.secretsKey",
            "secretsKey: 'not base64!'                               | egress.secretsKey",
            "previousSecretsKeys: ['AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=', 'eA=='] | egress.previousSecretsKeys[1]",
    })
    void aSecretsKeyIs32BytesOfBase64(String setting, String key) {
        assertThatThrownBy(() -> load("egress: { " + setting + " }")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key + ": ");
    }

    @org.junit.jupiter.api.Test
    void theEgressJarNeedsASecretsKey() {
        assertThatThrownBy(() -> EgressConfigRules.requireSecretsKey(load("egress: { adminToken: t }")))
                .hasMessageStartingWith("egress.secretsKey: missing (set HOOKBRIDGE_SECRETS_KEY");
        EgressConfigRules.requireSecretsKey(load("egress: { secretsKey: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' }"));
    }
}
