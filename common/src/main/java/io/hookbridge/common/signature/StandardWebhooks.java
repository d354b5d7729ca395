package io.hookbridge.common.signature;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * The Standard Webhooks signature scheme (standardwebhooks.com): HMAC-SHA256 over
 * {@code "<id>.<timestamp>.<body>"} keyed by the base64 part of a {@code whsec_} secret, sent as
 * {@code v1,<base64>}. The egress signs every outbound delivery with it, so signing is cheap: one Mac per
 * thread (Mac.getInstance is costly, a Mac is not thread-safe), keys decoded once by the caller.
 * Inbound verification lives in the ingress's StandardWebhooksVerifier (constant-time, every secret).
 */
public final class StandardWebhooks {

    public static final String SECRET_PREFIX = "whsec_";
    private static final String ALGORITHM = "HmacSHA256";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance(ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    });

    private StandardWebhooks() {
    }

    /** A new random secret, {@code whsec_} + base64 of 24 random bytes (as Svix generates them). */
    public static String newSecret() {
        byte[] key = new byte[24];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + BASE64.encodeToString(key);
    }

    /** The HMAC key of a secret: base64 after {@code whsec_}; a secret without the prefix is taken as base64 too. */
    public static byte[] key(String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        return Base64.getDecoder().decode(encoded);
    }

    /** The decoded key of a secret, ready to sign with; decode once per secret, not per message. */
    public static SecretKeySpec signingKey(String secret) {
        return new SecretKeySpec(key(secret), ALGORITHM);
    }

    /**
     * The {@code webhook-signature} header value: one {@code v1,} entry per key, space-separated (several
     * keys during a secret rotation's overlap, newest first).
     */
    public static String signature(List<SecretKeySpec> keys, String id, long timestampSeconds, byte[] body) {
        byte[] prefix = (id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
        Mac mac = MAC.get();
        StringBuilder header = new StringBuilder(48 * keys.size());
        for (SecretKeySpec key : keys) {
            try {
                mac.init(key);
            } catch (InvalidKeyException e) {
                throw new IllegalStateException("an HMAC key is never invalid", e);
            }
            mac.update(prefix);
            if (header.length() > 0) header.append(' ');
            header.append("v1,").append(BASE64.encodeToString(mac.doFinal(body)));
        }
        return header.toString();
    }
}
