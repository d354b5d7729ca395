package io.hookbridge.ingress.config;

import io.hookbridge.common.config.ConfigException;
import io.hookbridge.common.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ingress settings out of range stop start-up with a message naming the key. */
class IngressConfigRulesTest {

    private static void check(String yaml) {
        IngressConfigRules.check(ConfigLoader.parse(yaml, Map.of()));
    }

    @Test
    void aPortOutOfRangeIsNamed() {
        assertThatThrownBy(() -> check("ingress:\n  port: 70000\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("ingress.port: must be between 0 and 65535");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "maxBodyBytes: 0                                     | ingress.maxBodyBytes",
            "ackTimeout: 0s                                      | ingress.ackTimeout",
            "maxBodyBytes: 2048, maxBodyBytesInFlight: 1024      | ingress.maxBodyBytesInFlight",
            "idleTimeout: 0s                                     | ingress.idleTimeout",
    })
    void badSettingsNameTheirKey(String setting, String key) {
        assertThatThrownBy(() -> check("ingress: { " + setting + " }"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key + ": ");
    }
}
