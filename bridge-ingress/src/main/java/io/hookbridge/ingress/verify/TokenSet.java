package io.hookbridge.ingress.verify;

import io.hookbridge.common.config.Secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Bearer tokens or API keys, compared in constant time: both sides are hashed (SHA-256) first, so neither
 * the content nor the length of a configured token shows in the time a wrong guess takes. Every token is
 * compared, so rotation works and which one matched does not show either.
 */
public final class TokenSet {

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(ContentHash::sha256);
    private final byte[][] digests;

    public TokenSet(List<Secret> tokens) {
        this.digests = tokens.stream().map(t -> digest(t.value())).toArray(byte[][]::new);
    }

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
