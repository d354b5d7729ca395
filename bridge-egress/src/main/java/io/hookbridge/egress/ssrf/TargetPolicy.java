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
 * <p>
 * IPv6 addresses that carry an IPv4 address ({@link Ipv4InIpv6}) are judged by what they reach: an
 * IPv4-mapped address and one under the NAT64 well-known prefix go to exactly their embedded IPv4 address,
 * so that address is judged (a public one passes: DNS64 networks give these for every IPv4-only host).
 * The other forms (SIIT, NAT64 local-use, 6to4, Teredo, IPv4-compatible) reach an IPv4 address through a
 * translator or relay the guard cannot see, so they are refused whatever they embed.
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
            Cidr.parse("fec0::/10"),         // deprecated site-local
            Cidr.parse("100::/64"),          // discard-only
            Cidr.parse("2001:db8::/32"));    // documentation

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
        String why = whyNotGlobal(address);
        if (why == null || allowPrivate || hostAllowed(host)) return null;
        Ipv4InIpv6 embedded = address instanceof Inet6Address ? Ipv4InIpv6.of((Inet6Address) address) : null;
        for (Cidr block : allowedBlocks) {
            if (block.contains(address) || embedded != null && block.contains(embedded.ipv4())) return null;
        }
        return host + " resolves to " + address.getHostAddress() + ", " + why
                + " (allow it with egress.delivery.privateTargets)";
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

    /** Null for a global address; otherwise what it is, e.g. "a loopback address". */
    private static String whyNotGlobal(InetAddress address) {
        if (address instanceof Inet6Address) {
            Ipv4InIpv6 embedded = Ipv4InIpv6.of((Inet6Address) address);
            if (embedded != null) {
                String inner = whyNotGlobal(embedded.ipv4());
                String form = "an IPv6 address with IPv4 " + embedded.ipv4().getHostAddress() + " inside (" + embedded.form() + ")";
                if (!embedded.judgedByIpv4()) return form + ", reached through a translator the guard cannot see";
                return inner == null ? null : form + ", which is " + inner;
            }
        }
        String kind = kind(address);
        if (kind != null) return "a " + kind + " address";
        for (Cidr block : NON_GLOBAL) {
            if (block.contains(address)) return "a non-public address";
        }
        return null;
    }

    private static String kind(InetAddress a) {
        if (a.isLoopbackAddress()) return "loopback";
        if (a.isLinkLocalAddress()) return "link-local";
        if (a.isMulticastAddress()) return "multicast";
        if (a.isAnyLocalAddress()) return "unspecified";
        if (a.isSiteLocalAddress()) return "private";
        return null;
    }

    /**
     * An IPv4 address carried in an IPv6 one, and the form that carries it.
     *
     * @param judgedByIpv4 true when a connection reaches exactly {@code ipv4} (IPv4-mapped: the socket
     *                     speaks IPv4; NAT64 well-known prefix: RFC 6052 fixes the translation), so the
     *                     IPv4 address is what to judge; false when a translator or relay decides
     */
    record Ipv4InIpv6(Inet4Address ipv4, String form, boolean judgedByIpv4) {

        static Ipv4InIpv6 of(Inet6Address address) {
            byte[] a = address.getAddress();
            if (all(a, 0, 10, 0) && all(a, 10, 12, 0xff)) return new Ipv4InIpv6(v4(a, 12, 0), "IPv4-mapped ::ffff:0:0/96", true);
            if (prefix(a, 0x00, 0x64, 0xff, 0x9b) && all(a, 4, 12, 0)) {
                return new Ipv4InIpv6(v4(a, 12, 0), "NAT64 well-known prefix 64:ff9b::/96", true);
            }
            // RFC 8215: where the IPv4 address sits depends on the operator's prefix length (RFC 6052).
            if (prefix(a, 0x00, 0x64, 0xff, 0x9b, 0x00, 0x01)) {
                return new Ipv4InIpv6(v4(a, 12, 0), "NAT64 local-use prefix 64:ff9b:1::/48", false);
            }
            if (all(a, 0, 8, 0) && all(a, 8, 10, 0xff) && all(a, 10, 12, 0)) {
                return new Ipv4InIpv6(v4(a, 12, 0), "SIIT IPv4-translated ::ffff:0:0:0/96", false);
            }
            if (prefix(a, 0x20, 0x02)) return new Ipv4InIpv6(v4(a, 2, 0), "6to4 2002::/16", false);
            // Teredo: the client's IPv4 address is the last 32 bits, inverted.
            if (prefix(a, 0x20, 0x01, 0x00, 0x00)) return new Ipv4InIpv6(v4(a, 12, 0xff), "Teredo 2001::/32", false);
            // IPv4-compatible (deprecated); :: and ::1 are left to the unspecified and loopback checks.
            if (all(a, 0, 12, 0) && !(all(a, 12, 15, 0) && (a[15] == 0 || a[15] == 1))) return new Ipv4InIpv6(v4(a, 12, 0), "IPv4-compatible ::/96", false);
            return null;
        }

        private static Inet4Address v4(byte[] a, int from, int xor) {
            byte[] v4 = new byte[4];
            for (int i = 0; i < 4; i++) v4[i] = (byte) (a[from + i] ^ xor);
            try {
                return (Inet4Address) InetAddress.getByAddress(v4);
            } catch (UnknownHostException e) {
                throw new IllegalStateException("four bytes are always an IPv4 address", e);
            }
        }

        private static boolean prefix(byte[] a, int... bytes) {
            for (int i = 0; i < bytes.length; i++) {
                if ((a[i] & 0xff) != bytes[i]) return false;
            }
            return true;
        }

        /** Whether the bytes from {@code from} to {@code to} (exclusive) are all {@code value}. */
        private static boolean all(byte[] a, int from, int to, int value) {
            for (int i = from; i < to; i++) {
                if (a[i] != (byte) value) return false;
            }
            return true;
        }
    }
}
