package io.hookbridge.egress.delivery;

import io.hookbridge.common.config.ConfigException;
import io.hookbridge.common.config.ConfigLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Delivery settings that cannot work stop start-up with a message naming the key. */
class DeliveryConfigTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "retrySchedule: []                        | egress.delivery.retrySchedule",
            "retrySchedule: [5s, 0s]                  | egress.delivery.retrySchedule[1]",
            "rotationOverlap: 0s                      | egress.delivery.rotationOverlap",
            "privateTargets: ['10.0.0.0/33']          | egress.delivery.privateTargets[0]",
            "privateTargets: ['orders.internal', 'a b'] | egress.delivery.privateTargets[1]",
            "privateTargets: ['']                     | egress.delivery.privateTargets[0]",
            "maxInFlightPerSubscription: 0            | egress.delivery.maxInFlightPerSubscription",
    })
    void badDeliverySettingsNameTheirKey(String setting, String key) {
        assertThatThrownBy(() -> ConfigLoader.parse("egress: { delivery: { " + setting + " } }", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key + ": ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/8", "fd00::/8", "192.168.1.10", "orders.internal", "*.svc.cluster.local", "::1"})
    void privateTargetsTakeBlocksAddressesAndNames(String entry) {
        assertThat(ConfigLoader.parse("egress: { delivery: { privateTargets: ['" + entry + "'] } }", Map.of())
                .egress().delivery().privateTargets()).containsExactly(entry);
    }
}
