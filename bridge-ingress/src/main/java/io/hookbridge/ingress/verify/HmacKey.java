package io.hookbridge.ingress.verify;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/**
 * One HMAC secret, ready to sign. A {@link Mac} is costly to create and not thread-safe, so each event
 * loop thread keeps its own, initialised once with this key; {@code doFinal} leaves it ready for the next
 * request.
 */
public final class HmacKey {

    private final ThreadLocal<Mac> mac;

    /** @param algorithm a JCA name: HmacSHA1, HmacSHA256 or HmacSHA512 */
    public HmacKey(String algorithm, byte[] key) {
        SecretKeySpec spec = new SecretKeySpec(key, algorithm);
        newMac(spec); // fail at start, not on the first request
        this.mac = ThreadLocal.withInitial(() -> newMac(spec));
    }

    /** The HMAC of the parts, in order, as if they were one message. */
    public byte[] sign(byte[]... parts) {
        Mac m = mac.get();
        for (byte[] part : parts) {
            m.update(part);
        }
        return m.doFinal();
    }

    private static Mac newMac(SecretKeySpec spec) {
        try {
            Mac m = Mac.getInstance(spec.getAlgorithm());
            m.init(spec);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(spec.getAlgorithm() + " is part of every JRE", e);
        }
    }
}
