package io.hookbridge.egress.health;

import io.hookbridge.common.config.ConfigException;
import io.hookbridge.common.config.ConfigLoader;
import io.hookbridge.common.config.DeliveryConfig;
import io.hookbridge.egress.config.EgressConfigRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The policy's settings: the peers' defaults, and a message naming the key for a setting that cannot work. */
class PolicyConfigTest {

    @Test
    void defaultsAreThoseOfThePeers() {
        DeliveryConfig d = ConfigLoader.parse("{}", Map.of()).egress().delivery();
        assertThat(d.circuitBreaker().failures()).isEqualTo(5);
        assertThat(d.circuitBreaker().coolDown()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.circuitBreaker().maxCoolDown()).isEqualTo(Duration.ofHours(1));
        assertThat(d.disableAfter()).isEqualTo(Duration.ofDays(5));
        assertThat(d.pauseRecheck()).isEqualTo(Duration.ofSeconds(30));
        assertThat(ConfigLoader.parse("{}", Map.of()).topics().operations()).isEqualTo("hookbridge.operations");
    }

    @Test
    void settingsAreRead() {
        DeliveryConfig d = ConfigLoader.parse("egress: { delivery: { circuitBreaker: { failures: 3, coolDown: 10s,"
                + " maxCoolDown: 10m }, disableAfter: 1d, pauseRecheck: 5s } }", Map.of()).egress().delivery();
        assertThat(d.circuitBreaker().failures()).isEqualTo(3);
        assertThat(d.circuitBreaker().maxCoolDown()).isEqualTo(Duration.ofMinutes(10));
        assertThat(d.disableAfter()).isEqualTo(Duration.ofDays(1));
        assertThat(d.pauseRecheck()).isEqualTo(Duration.ofSeconds(5));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "circuitBreaker: { failures: 0 }              | egress.delivery.circuitBreaker.failures",
            "circuitBreaker: { coolDown: 0s }             | egress.delivery.circuitBreaker.coolDown",
            "circuitBreaker: { coolDown: 1m, maxCoolDown: 30s } | egress.delivery.circuitBreaker.maxCoolDown",
            "disableAfter: 0s                             | egress.delivery.disableAfter",
            "pauseRecheck: 0s                             | egress.delivery.pauseRecheck",
    })
    void badSettingsNameTheirKey(String setting, String key) {
        assertThatThrownBy(() -> EgressConfigRules.check(ConfigLoader.parse("egress: { delivery: { " + setting + " } }", Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key + ": ");
    }
}
