package io.hookbridge.ingress.verify;

import io.hookbridge.common.config.SourceConfig;

import java.time.Duration;
import java.util.Locale;

/**
 * A generic HMAC for senders with a scheme of their own: a signature {@code header} holding
 * {@code <prefix><hex or base64 HMAC>} of {@code signedContent} (default the body) with SHA-1, SHA-256 or
 * SHA-512; optionally a {@code timestampHeader} (unix seconds, within {@code tolerance}) that the
 * template signs as {@code {timestamp}}.
 */
public final class HmacVerifier implements Verifier {

    private final String header;
    private final String prefix;
    private final boolean base64;
    private final String timestampHeader;
    private final SignedContent content;
    private final Duration tolerance;
    private final KeyRing keys;
    private final HeaderIds ids;
    private final ProviderHeaders copied;

    public HmacVerifier(SourceConfig source) {
        this.header = source.header();
        this.prefix = source.prefix() == null ? "" : source.prefix();
        this.base64 = "base64".equals(source.encoding());
        this.timestampHeader = source.timestampHeader() == null || source.timestampHeader().isBlank()
                ? null : source.timestampHeader();
        this.content = SignedContent.compile(source.signedContent());
        this.tolerance = source.tolerance();
        this.keys = KeyRing.of(javaAlgorithm(source.algorithm()), source.secrets());
        this.ids = new HeaderIds(source.deliveryIdHeader(), source.eventTypeHeader());
        this.copied = new ProviderHeaders(header, timestampHeader, ids.deliveryIdHeader(), ids.eventTypeHeader());
    }

    /** sha1, sha256 (the default) or sha512 as a JCA name. */
    static String javaAlgorithm(String algorithm) {
        String a = algorithm == null ? "sha256" : algorithm.toLowerCase(Locale.ROOT);
        switch (a) {
            case "sha1": return "HmacSHA1";
            case "sha256": return "HmacSHA256";
            case "sha512": return "HmacSHA512";
            default: throw new IllegalArgumentException("algorithm must be sha1, sha256 or sha512, not " + algorithm);
        }
    }

    @Override
    public Verified verify(WebhookRequest request) {
        String signature = request.header(header);
        if (signature == null) throw Rejection.unauthorized("missing header " + header);
        signature = signature.trim();
        if (!signature.regionMatches(true, 0, prefix, 0, prefix.length())) {
            throw Rejection.unauthorized(header + " does not start with " + prefix);
        }
        String encoded = signature.substring(prefix.length());
        byte[] given = base64 ? Hmac.fromBase64(encoded) : Hmac.fromHex(encoded);
        String timestamp = null;
        if (timestampHeader != null) {
            timestamp = request.header(timestampHeader);
            Timestamps.require(timestampHeader, timestamp, request.receivedAt(), tolerance);
        }
        if (!keys.matches(given, content.fill(request.body(), timestamp))) {
            throw Rejection.unauthorized(header + " does not match the body");
        }
        return new Verified(ids.deliveryId(request), ids.eventType(request), copied.copy(request));
    }
}
