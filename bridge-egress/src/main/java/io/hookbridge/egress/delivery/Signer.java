package io.hookbridge.egress.delivery;

import io.hookbridge.common.signature.StandardWebhooks;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Base64;
import java.util.List;

/**
 * Standard Webhooks signatures for outbound deliveries, cheap enough for the hot path: one Mac per
 * thread (Mac.getInstance is costly, a Mac is not thread-safe), keys decoded once per secret.
 * Several keys (a rotation's overlap) give space-separated {@code v1,} entries, newest first.
 */
final class Signer {

    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    });
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private Signer() {
    }

    static SecretKeySpec key(String secret) {
        return new SecretKeySpec(StandardWebhooks.key(secret), "HmacSHA256");
    }

    /** The {@code webhook-signature} header value over {@code "<id>.<timestamp>.<body>"}. */
    static String signature(List<SecretKeySpec> keys, String id, long timestampSeconds, byte[] body) {
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
