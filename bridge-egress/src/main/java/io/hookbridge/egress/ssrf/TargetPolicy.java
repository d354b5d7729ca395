package io.hookbridge.egress.ssrf;

import io.hookbridge.common.config.DeliveryConfig;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which resolved addresses a delivery may connect to. Anyone with the admin token chooses the URLs, so a
 * URL must not reach what only the egress can reach: loopback, private, link-local (cloud metadata at
 * 169.254.169.254), multicast, unspecified and other non-global addresses are refused unless
 * {@code allowPrivateTargets} is on or the host or address is listed in {@code privateTargets}.
 */
public final class TargetPolicy {

    /** Blocks that are not globally routable and are not already caught by InetAddress's own predicates. */
    private static final List<Cidr> NON_GLOBAL = List.of(
            Cidr.parse("0.0.0.0/8"),         // "this network"
            Cidr.parse("100.64.0.0/10"),     // carrier-grade NAT, often a provider's internal network
            Cidr.parse("192.0.0.0/24"),      // IETF protocol assignments
            Cidr.parse("198.18.0.0/15"),     // benchmarking
            Cidr.parse("240.0.0.0/4"),       // reserved, and 255.255.255.255 broadcast
            Cidr.parse("fc00::/7"),          // unique local
            Cidr.parse("fec0::/10"));        // deprecated site-local

    private final boolean allowPrivate;
    private final List<Cidr> allowedBlocks = new ArrayList<>();
    private final List<String> allowedHosts = new ArrayList<>();

    public TargetPolicy(boolean allowPrivate, List<String> privateTargets) {
        this.allowPrivate = allowPrivate;
        for (String entry : privateTargets) {
            String e = entry.trim();
            if (e.contains("/") || Cidr.isLiteral(e)) {
                allowedBlocks.add(Cidr.parse(e));
            } else {
                allowedHosts.add(e.toLowerCase(Locale.ROOT));
            }
        }
    }

    public static TargetPolicy of(DeliveryConfig delivery) {
        return new TargetPolicy(delivery.allowPrivateTargets(), delivery.privateTargets());
    }

    /** Null when {@code host}, resolved to {@code address}, may be connected to; otherwise why not. */
    public String refusal(String host, InetAddress address) {
        if (allowPrivate || !isNonGlobal(address)) return null;
        if (hostAllowed(host)) return null;
        for (Cidr block : allowedBlocks) {
            if (block.contains(address)) return null;
        }
        return host + " resolves to " + address.getHostAddress() + ", a " + kind(address)
                + " address (allow it with egress.delivery.privateTargets)";
    }

    private boolean hostAllowed(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String allowed : allowedHosts) {
            if (allowed.equals(h)) return true;
            // "*.internal" allows every name under internal
            if (allowed.startsWith("*.") && h.endsWith(allowed.substring(1))) return true;
        }
        return false;
    }

    /** Loopback, private, link-local, multicast, unspecified or otherwise not globally routable. */
    public static boolean isNonGlobal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        for (Cidr block : NON_GLOBAL) {
            if (block.contains(address)) return true;
        }
        if (address instanceof Inet6Address) {
            InetAddress embedded = embeddedIpv4((Inet6Address) address);
            return embedded != null && isNonGlobal(embedded);
        }
        return false;
    }

    /** The IPv4 address inside NAT64 (64:ff9b::/96), 6to4 (2002::/16) and IPv4-compatible (::/96) forms. */
    private static InetAddress embeddedIpv4(Inet6Address address) {
        byte[] a = address.getAddress();
        byte[] v4 = null;
        if (a[0] == 0x00 && a[1] == 0x64 && a[2] == (byte) 0xff && a[3] == (byte) 0x9b && zero(a, 4, 12)) {
            v4 = new byte[]{a[12], a[13], a[14], a[15]};
        } else if (a[0] == 0x20 && a[1] == 0x02) {
            v4 = new byte[]{a[2], a[3], a[4], a[5]};
        } else if (zero(a, 0, 12)) {
            v4 = new byte[]{a[12], a[13], a[14], a[15]};
        }
        if (v4 == null) return null;
        try {
            return Inet4Address.getByAddress(v4);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean zero(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) return false;
        }
        return true;
    }

    private static String kind(InetAddress a) {
        if (a.isLoopbackAddress()) return "loopback";
        if (a.isLinkLocalAddress()) return "link-local";
        if (a.isMulticastAddress()) return "multicast";
        if (a.isAnyLocalAddress()) return "unspecified";
        if (a.isSiteLocalAddress()) return "private";
        return "non-public";
    }
}
