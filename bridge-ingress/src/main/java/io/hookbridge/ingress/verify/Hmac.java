package io.hookbridge.ingress.verify;

import java.security.MessageDigest;

/**
 * Decoding of the signatures that arrive in headers, and their constant-time comparison. Decoding never
 * throws: a forged header is the sender's mistake, not ours, and an exception would cost a stack trace on
 * the path every forged request takes.
 */
public final class Hmac {

    private static final byte[] BASE64 = new byte[128];

    static {
        java.util.Arrays.fill(BASE64, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            BASE64[alphabet.charAt(i)] = (byte) i;
        }
    }

    private Hmac() {
    }

    /** Decodes hex (either case), or returns null when the text is not an even run of hex digits. */
    public static byte[] fromHex(CharSequence hex) {
        if (hex == null || hex.length() == 0 || (hex.length() & 1) != 0) return null;
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = hexDigit(hex.charAt(2 * i));
            int lo = hexDigit(hex.charAt(2 * i + 1));
            if (hi < 0 || lo < 0) return null;
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    /** ASCII hex only (Character.digit would also take other scripts' digits). */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    /** Decodes standard padded base64, or returns null when the text is not that. */
    public static byte[] fromBase64(CharSequence text) {
        int length = text == null ? 0 : text.length();
        if (length == 0 || (length & 3) != 0) return null;
        int padding = text.charAt(length - 1) == '=' ? (text.charAt(length - 2) == '=' ? 2 : 1) : 0;
        byte[] out = new byte[length / 4 * 3 - padding];
        int bits = 0;
        int count = 0;
        int o = 0;
        for (int i = 0; i < length - padding; i++) {
            char c = text.charAt(i);
            int v = c < 128 ? BASE64[c] : -1;
            if (v < 0) return null;
            bits = (bits << 6) | v;
            if (++count == 4) {
                out[o++] = (byte) (bits >> 16);
                out[o++] = (byte) (bits >> 8);
                out[o++] = (byte) bits;
                bits = 0;
                count = 0;
            }
        }
        if (count == 3) {
            out[o++] = (byte) (bits >> 10);
            out[o] = (byte) (bits >> 2);
        } else if (count == 2) {
            out[o] = (byte) (bits >> 4);
        }
        return out;
    }

    /** Constant time in the content of {@code given}; a null (undecodable) signature never matches. */
    public static boolean equal(byte[] expected, byte[] given) {
        return given != null && MessageDigest.isEqual(expected, given);
    }
}
