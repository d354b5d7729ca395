package io.hookbridge.egress.subscription;

import io.vertx.core.json.JsonObject;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Encrypts what must not be readable in {@code topics.subscriptions}: a subscription's signing secrets and
 * its headers (often a receiver's credentials), with AES-256-GCM under {@code egress.secretsKey}. The rest
 * of the record stays readable (id, URL, event types...). A stored record carries them as
 * <pre>
 *   "sealed": {"alg": "A256GCM", "kid": "3f2a91c0", "iv": base64 (12 bytes), "data": base64 (ciphertext + tag)}
 * </pre>
 * where {@code kid} names the key (the first 4 bytes of its SHA-256, in hex), so a record sealed under a
 * previous key ({@code egress.previousSecretsKeys}) is still read after a rotation, and the subscription id
 * is authenticated with the data (a sealed member cannot be moved to another subscription). Records written
 * before encryption existed hold the fields in clear and are read as they are; the next change seals them.
 */
public final class SecretSealer {

    /** The members that are sealed; they live only inside {@code sealed} in a stored record. */
    static final Set<String> SEALED_FIELDS = Set.of("secret", "previousSecret", "headers");
    static final String SEALED = "sealed";
    public static final int KEY_BYTES = 32;
    private static final String ALG = "A256GCM";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private record Key(String id, SecretKeySpec spec) {
    }

    /** A record sealed under a key this process does not hold: a configuration problem, not bad data. */
    public static final class UnknownKeyException extends RuntimeException {
        private final String keyId;

        UnknownKeyException(String keyId) {
            super("sealed with key " + keyId + ", which is neither egress.secretsKey nor one of egress.previousSecretsKeys",
                    null, false, false);
            this.keyId = keyId;
        }

        public String keyId() {
            return keyId;
        }
    }

    private final Key current;
    private final Map<String, Key> readable = new LinkedHashMap<>();

    private SecretSealer(byte[] currentKey, List<byte[]> previousKeys) {
        this.current = key(currentKey);
        readable.put(current.id(), current);
        for (byte[] previous : previousKeys) {
            Key k = key(previous);
            readable.putIfAbsent(k.id(), k);
        }
    }

    /** From the configuration's base64 keys (checked by {@code EgressConfigRules}). */
    public static SecretSealer of(String currentKey, List<String> previousKeys) {
        return new SecretSealer(decodeKey(currentKey), previousKeys.stream().map(SecretSealer::decodeKey).toList());
    }

    /**
     * A key that lives as long as this JVM, for an egress embedded without {@code egress.secretsKey} (tests,
     * benchmarks): what it seals cannot be read by another process. The egress jar never uses it.
     */
    public static SecretSealer ephemeral() {
        return Ephemeral.SEALER;
    }

    /** Made on first use (the class holder idiom). */
    private static final class Ephemeral {
        static final SecretSealer SEALER = new SecretSealer(newKey(), List.of());
    }

    public static byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    /** The key's bytes, or IllegalArgumentException saying what is wrong with the text. */
    public static byte[] decodeKey(String base64) {
        byte[] key;
        try {
            key = B64D.decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("must be " + KEY_BYTES + " bytes in base64 (openssl rand -base64 32), is " + key.length);
        }
        return key;
    }

    /** The id a stored record names its key by. */
    public static String keyId(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    public String currentKeyId() {
        return current.id();
    }

    /** {@code plain} (a subscription's stored form with its fields in clear) with those fields sealed. */
    public JsonObject seal(String id, JsonObject plain) {
        JsonObject inner = new JsonObject();
        JsonObject stored = plain.copy();
        for (String field : SEALED_FIELDS) {
            Object value = stored.remove(field);
            if (value != null) inner.put(field, value);
        }
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        byte[] data = crypt(Cipher.ENCRYPT_MODE, current, iv, id, inner.toBuffer().getBytes());
        return stored.put(SEALED, new JsonObject().put("alg", ALG).put("kid", current.id())
                .put("iv", B64.encodeToString(iv)).put("data", B64.encodeToString(data)));
    }

    /**
     * A stored record with its sealed fields back in clear; a record without {@code sealed} (written before
     * encryption) as it is.
     *
     * @throws UnknownKeyException      when it was sealed under a key this process does not hold
     * @throws IllegalArgumentException when it is malformed or does not authenticate (changed, or another id's)
     */
    public JsonObject open(String id, JsonObject stored) {
        JsonObject sealed = stored.getJsonObject(SEALED);
        if (sealed == null) return stored;
        if (!ALG.equals(sealed.getString("alg"))) throw new IllegalArgumentException("unknown alg " + sealed.getString("alg"));
        Key key = readable.get(sealed.getString("kid"));
        if (key == null) throw new UnknownKeyException(sealed.getString("kid"));
        byte[] inner = crypt(Cipher.DECRYPT_MODE, key, B64D.decode(sealed.getString("iv")), id, B64D.decode(sealed.getString("data")));
        JsonObject plain = stored.copy();
        plain.remove(SEALED);
        new JsonObject(new String(inner, StandardCharsets.UTF_8)).forEach(e -> plain.put(e.getKey(), e.getValue()));
        return plain;
    }

    /** True when the stored record is sealed under the current key (false: in clear, or an older key). */
    public boolean isCurrent(JsonObject stored) {
        JsonObject sealed = stored.getJsonObject(SEALED);
        return sealed != null && current.id().equals(sealed.getString("kid"));
    }

    private static byte[] crypt(int mode, Key key, byte[] iv, String id, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key.spec(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(("hookbridge.subscriptions/" + id).getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("the sealed fields do not authenticate under key " + key.id());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the sealed fields cannot be read: " + e.getMessage());
        }
    }

    private static Key key(byte[] bytes) {
        return new Key(keyId(bytes), new SecretKeySpec(bytes, "AES"));
    }
}
