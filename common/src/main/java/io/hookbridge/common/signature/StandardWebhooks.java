package io.hookbridge.common.signature;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The Standard Webhooks signature scheme (standardwebhooks.com), used to verify inbound deliveries and to
 * sign outbound ones: HMAC-SHA256 over {@code "<id>.<timestamp>.<body>"} keyed by the base64 part of a
 * {@code whsec_} secret, sent as {@code v1,<base64>}.
 */
public final class StandardWebhooks {

    public static final String SECRET_PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private StandardWebhooks() {
    }

    /** A new random secret, {@code whsec_} + base64 of 24 random bytes (as Svix generates them). */
    public static String newSecret() {
        byte[] key = new byte[24];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The HMAC key of a secret: base64 after {@code whsec_}; a secret without the prefix is taken as base64 too. */
    public static byte[] key(String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        return Base64.getDecoder().decode(encoded);
    }

    /** {@code v1,<base64 HMAC>} of one message. */
    public static String sign(byte[] key, String id, long timestampSeconds, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(hmac(key, id, timestampSeconds, body));
    }

    /** True when any space-separated {@code v1,} entry of {@code signatureHeader} matches; constant time per entry. */
    public static boolean matches(byte[] key, String id, long timestampSeconds, byte[] body, String signatureHeader) {
        byte[] expected = hmac(key, id, timestampSeconds, body);
        boolean match = false;
        for (String entry : signatureHeader.trim().split("\\s+")) {
            if (!entry.startsWith("v1,")) continue;
            byte[] given;
            try {
                given = Base64.getDecoder().decode(entry.substring(3));
            } catch (IllegalArgumentException e) {
                continue;
            }
            match |= MessageDigest.isEqual(expected, given);
        }
        return match;
    }

    private static byte[] hmac(byte[] key, String id, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }
}
