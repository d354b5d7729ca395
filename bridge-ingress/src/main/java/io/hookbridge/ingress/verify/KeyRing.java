package io.hookbridge.ingress.verify;

import io.hookbridge.common.config.Secret;

import java.util.List;
import java.util.function.Function;

/**
 * Every configured secret of a source, so a secret can be rotated without downtime: a signature is
 * genuine when it matches any of them. Every secret is tried and every candidate compared, whichever
 * matches, so the time taken does not tell which secret (or which candidate) was right.
 */
public final class KeyRing {

    private final HmacKey[] keys;

    private KeyRing(HmacKey[] keys) {
        this.keys = keys;
    }

    /** Keys are the secrets' UTF-8 bytes. */
    public static KeyRing of(String algorithm, List<Secret> secrets) {
        return of(algorithm, secrets, Secret::bytes);
    }

    public static KeyRing of(String algorithm, List<Secret> secrets, Function<Secret, byte[]> keyOf) {
        return new KeyRing(secrets.stream().map(s -> new HmacKey(algorithm, keyOf.apply(s))).toArray(HmacKey[]::new));
    }

    /** True when the HMAC of the parts under any secret equals any of the candidates (null entries never match). */
    public boolean matchesAny(List<byte[]> candidates, byte[]... parts) {
        boolean match = false;
        for (HmacKey key : keys) {
            byte[] expected = key.sign(parts);
            for (byte[] candidate : candidates) {
                match |= Hmac.equal(expected, candidate);
            }
        }
        return match;
    }
}
