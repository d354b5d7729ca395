package io.hookbridge.common.http;

import io.hookbridge.common.config.Secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Bearer tokens or API keys, compared in constant time: both sides are hashed (SHA-256) first, so neither
 * the content nor the length of a configured token shows in the time a wrong guess takes. Every token is
 * compared, so rotation works and which one matched does not show either. The ingress's bearer and api-key
 * sources and the egress's admin token use it.
 */
public final class TokenSet {

    private static final String BEARER = "Bearer ";
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    });
    private final byte[][] digests;

    public TokenSet(List<Secret> tokens) {
        this.digests = tokens.stream().map(t -> digest(t.value())).toArray(byte[][]::new);
    }

    /** The token of an {@code Authorization: Bearer <token>} value (the scheme in any case, RFC 6750), else null. */
    public static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) return null;
        return authorization.substring(BEARER.length()).trim();
    }

    /** False for null or empty, and for a set without tokens. */
    public boolean contains(String given) {
        if (given == null || given.isEmpty()) return false;
        byte[] digest = digest(given);
        boolean match = false;
        for (byte[] expected : digests) {
            match |= MessageDigest.isEqual(expected, digest);
        }
        return match;
    }

    private static byte[] digest(String token) {
        return SHA256.get().digest(token.getBytes(StandardCharsets.UTF_8));
    }
}
