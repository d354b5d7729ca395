package io.hookbridge.egress.ssrf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Address classification only: no connection is made to any of these addresses. */
class TargetPolicyTest {

    private final TargetPolicy guarded = new TargetPolicy(false, List.of());

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "169.254.169.254", "0.0.0.0", "100.64.0.1", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1",
            "fc00::1", "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a00:1",
            "2002:c0a8:101::1"})
    void nonGlobalAddressesAreRefused(String ip) {
        assertThat(guarded.refusal("example.com", Cidr.literal(ip))).isNotNull().contains(ip.contains(":") ? "" : ip);
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "192.169.0.1", "2606:2800:220:1::1"})
    void publicAddressesPass(String ip) {
        assertThat(guarded.refusal("example.com", Cidr.literal(ip))).isNull();
    }

    @Test
    void privateTargetsAllowByBlockOrHostName() throws Exception {
        TargetPolicy policy = new TargetPolicy(false, List.of("10.0.0.0/8", "orders.internal", "*.svc.cluster.local", "fd00::/8"));
        assertThat(policy.refusal("x", Cidr.literal("10.20.30.40"))).isNull();
        assertThat(policy.refusal("x", Cidr.literal("fd00::5"))).isNull();
        assertThat(policy.refusal("x", Cidr.literal("192.168.0.1"))).isNotNull();
        assertThat(policy.refusal("orders.internal", Cidr.literal("192.168.0.1"))).isNull();
        assertThat(policy.refusal("ORDERS.internal", Cidr.literal("192.168.0.1"))).isNull();
        assertThat(policy.refusal("billing.default.svc.cluster.local", Cidr.literal("192.168.0.1"))).isNull();
        assertThat(policy.refusal("orders.internal.evil.com", Cidr.literal("192.168.0.1"))).isNotNull();
        assertThat(policy.refusal("x", InetAddress.getByAddress(new byte[]{(byte) 169, (byte) 254, (byte) 169, (byte) 254})))
                .contains("link-local");
    }

    @Test
    void allowPrivateTargetsAllowsAll() {
        assertThat(new TargetPolicy(true, List.of()).refusal("localhost", Cidr.literal("127.0.0.1"))).isNull();
    }

    @Test
    void cidrPrefixesAreExact() {
        Cidr block = Cidr.parse("172.16.0.0/12");
        assertThat(block.contains(Cidr.literal("172.31.0.1"))).isTrue();
        assertThat(block.contains(Cidr.literal("172.32.0.1"))).isFalse();
        assertThat(block.contains(Cidr.literal("::1"))).isFalse();
        assertThat(Cidr.parse("10.1.2.3").contains(Cidr.literal("10.1.2.3"))).isTrue();
        assertThat(Cidr.parse("10.1.2.3").contains(Cidr.literal("10.1.2.4"))).isFalse();
    }
}
