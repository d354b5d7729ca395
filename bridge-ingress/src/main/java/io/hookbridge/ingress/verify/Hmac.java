package io.hookbridge.ingress.verify;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/** HMAC helpers shared by the verifiers; comparisons are constant-time. */
public final class Hmac {

    private static final HexFormat HEX = HexFormat.of();

    private Hmac() {
    }

    public static byte[] compute(String javaAlgorithm, byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(javaAlgorithm);
            mac.init(new SecretKeySpec(key, javaAlgorithm));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(javaAlgorithm + " is part of every JRE", e);
        }
    }

    /** Decodes hex, or returns null when the text is not hex (a forged header is not an error of ours). */
    public static byte[] fromHex(String hex) {
        try {
            return HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static boolean equal(byte[] expected, byte[] given) {
        return given != null && MessageDigest.isEqual(expected, given);
    }
}
