package io.hookbridge.ingress.verify;

import io.hookbridge.common.config.ConfigException;
import io.hookbridge.common.config.SourceConfig;

import java.util.Map;
import java.util.Set;

import static io.hookbridge.common.config.ConfigValidator.blank;

/**
 * A generic HMAC for senders with a scheme of their own: a signature {@code header} holding
 * {@code <prefix><hex or base64 HMAC>} of {@code signedContent} (default the body) with SHA-1, SHA-256 or
 * SHA-512; optionally a {@code timestampHeader} (unix seconds, within {@code tolerance}) that the
 * template signs as {@code {timestamp}}.
 */
public final class HmacVerifier implements Verifier {

    private static final Map<String, String> JAVA_ALGORITHMS =
            Map.of("sha1", "HmacSHA1", "sha256", "HmacSHA256", "sha512", "HmacSHA512");

    private final String header;
    private final String prefix;
    private final boolean base64;
    private final String timestampHeader;
    private final HmacCheck check;
    private final HeaderIds ids;
    private final ProviderHeaders copied;

    /**
     * Checks the settings as it takes them, refusing a bad one by its key ({@code <key>.<setting>}). The template
     * may sign only {timestamp} and {body}, must sign the body, and a timestamp header is useful only when it is
     * signed (an unsigned timestamp stops no replay), so the two come together.
     */
    HmacVerifier(String key, SourceConfig source) {
        if (blank(source.header())) throw new ConfigException(key + ".header", "missing (the signature header)");
        String algorithm = JAVA_ALGORITHMS.get(source.algorithm() == null ? "sha256" : source.algorithm());
        if (algorithm == null) throw new ConfigException(key + ".algorithm", "must be sha1, sha256 or sha512");
        if (source.encoding() != null && !Set.of("hex", "base64").contains(source.encoding())) {
            throw new ConfigException(key + ".encoding", "must be hex or base64");
        }
        SignedContent content;
        try {
            content = SignedContent.compile(source.signedContent());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ".signedContent", e.getMessage());
        }
        if (!content.hasBody()) throw new ConfigException(key + ".signedContent", "must contain {body}");
        this.timestampHeader = blank(source.timestampHeader()) ? null : source.timestampHeader();
        if (content.hasTimestamp() && timestampHeader == null) {
            throw new ConfigException(key + ".timestampHeader", "missing: signedContent uses {timestamp}");
        }
        if (timestampHeader != null && !content.hasTimestamp()) {
            throw new ConfigException(key + ".signedContent", "must contain {timestamp} when timestampHeader is set");
        }
        this.header = source.header();
        this.prefix = source.prefix() == null ? "" : source.prefix();
        this.base64 = "base64".equals(source.encoding());
        this.check = new HmacCheck(KeyRing.of(algorithm, source.secrets()), content, source.tolerance());
        this.ids = new HeaderIds(source.deliveryIdHeader(), source.eventTypeHeader());
        this.copied = new ProviderHeaders(header, timestampHeader, ids.deliveryIdHeader(), ids.eventTypeHeader());
    }

    @Override
    public Verified verify(WebhookRequest request) {
        byte[] given = request.requireSignature(header, prefix, base64);
        String timestamp = timestampHeader == null ? null : request.header(timestampHeader);
        check.require(header, given, timestampHeader, timestamp, request);
        return new Verified(ids.deliveryId(request), ids.eventType(request), copied.copy(request));
    }
}
