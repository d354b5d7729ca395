package io.hookbridge.ingress.verify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The delivery id of a webhook whose sender gives none: lower-case hex SHA-256 of the source name followed
 * by the body. A retry of the same content gets the same id, so the egress drops it as a duplicate.
 */
public final class ContentHash {

    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(ContentHash::sha256);

    private ContentHash() {
    }

    public static String of(String source, byte[] body) {
        MessageDigest digest = SHA256.get();
        digest.update(source.getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(digest.digest(body));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
