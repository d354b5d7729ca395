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

    /** Every IPv6 form that carries an IPv4 address, each with a private and a public IPv4 inside. */
    @ParameterizedTest
    @ValueSource(strings = {
            "64:ff9b::a9fe:a9fe", "64:ff9b::7f00:1",                  // NAT64 well-known: 169.254.169.254, 127.0.0.1
            "64:ff9b:1::a9fe:a9fe", "64:ff9b:1::808:808",             // NAT64 local-use (RFC 8215): refused whatever it holds
            "64:ff9b:1:ffff::1",
            "::ffff:0:a00:1", "::ffff:0:808:808",                      // SIIT ::ffff:0:0:0/96: 10.0.0.1, 8.8.8.8
            "2002:a9fe:a9fe::1", "2002:808:808::1",                    // 6to4: 169.254.169.254, 8.8.8.8
            "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001:0:808:808::f5f7:f7f7", // Teredo
            "::a00:1", "::808:808", "::2",                             // IPv4-compatible (deprecated)
            "2001:db8::1", "100::1"})
    void ipv6FormsThatCarryIpv4AreRefused(String ip) {
        assertThat(guarded.refusal("example.com", Cidr.literal(ip))).as(ip).isNotNull();
    }

    @Test
    void anIpv4MappedAddressIsJudgedByItsIpv4() throws Exception {
        // Java turns the text form into an Inet4Address itself; built from bytes it stays an Inet6Address.
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 169, (byte) 254, (byte) 169, (byte) 254};
        assertThat(guarded.refusal("x", java.net.Inet6Address.getByAddress(null, mapped, -1)))
                .contains("IPv4-mapped").contains("169.254.169.254").contains("link-local");
        byte[] publicMapped = mapped.clone();
        publicMapped[12] = 8; publicMapped[13] = 8; publicMapped[14] = 8; publicMapped[15] = 8;
        assertThat(guarded.refusal("x", java.net.Inet6Address.getByAddress(null, publicMapped, -1))).isNull();
        assertThat(guarded.refusal("x", Cidr.literal("::ffff:169.254.169.254"))).contains("link-local");
    }

    @Test
    void translationFormsNameWhatTheyCarry() {
        assertThat(guarded.refusal("example.com", Cidr.literal("64:ff9b:1::a9fe:a9fe")))
                .contains("NAT64 local-use").contains("169.254.169.254");
        assertThat(guarded.refusal("example.com", Cidr.literal("2001:0:808:808::f5f7:f7f7"))).contains("Teredo").contains("10.8.8.8");
        assertThat(guarded.refusal("example.com", Cidr.literal("64:ff9b::a9fe:a9fe"))).contains("link-local");
    }

    @Test
    void privateTargetsMayAllowTranslationForms() {
        TargetPolicy policy = new TargetPolicy(false, List.of("64:ff9b:1::/48", "10.0.0.0/8"));
        assertThat(policy.refusal("x", Cidr.literal("64:ff9b:1::a00:1"))).isNull();
        assertThat(policy.refusal("x", Cidr.literal("64:ff9b::a00:1"))).as("the IPv4 inside is allowed").isNull();
        assertThat(policy.refusal("x", Cidr.literal("2002:a9fe:a9fe::1"))).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "192.169.0.1", "2606:2800:220:1::1",
            "64:ff9b::808:808", "::ffff:8.8.8.8", "2001:4860:4860::8888"})
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
