package io.hookbridge.ingress.verify;

import io.hookbridge.common.config.Secret;
import io.hookbridge.common.http.TokenSet;

import java.util.List;

/**
 * A configured header (default {@code Authorization}) holding the raw key, as the simplest senders do;
 * any of the configured keys. The key is not copied onto the record.
 */
public final class ApiKeyVerifier implements Verifier {

    public static final String DEFAULT_HEADER = "Authorization";

    private final String header;
    private final TokenSet keys;
    private final HeaderIds ids;

    /** @param header null or blank for {@value #DEFAULT_HEADER} */
    public ApiKeyVerifier(String header, List<Secret> keys, HeaderIds ids) {
        this.header = header == null || header.isBlank() ? DEFAULT_HEADER : header;
        this.keys = new TokenSet(keys);
        this.ids = ids;
    }

    @Override
    public Verified verify(WebhookRequest request) {
        String key = request.requireHeader(header);
        if (!keys.contains(key)) throw Rejection.unauthorized(header + " is not one of this source's keys");
        return ids.verified(request);
    }
}
