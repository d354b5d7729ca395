package io.hookbridge.ingress.verify;

import io.hookbridge.common.config.Secret;
import io.hookbridge.common.http.TokenSet;

import java.util.List;

/**
 * {@code Authorization: Bearer <token>}, any of the configured tokens (the scheme is case-insensitive, as
 * RFC 6750 has it). The token is not copied onto the record: it is a secret, not a signature.
 */
public final class BearerVerifier implements Verifier {

    private static final String AUTHORIZATION = "Authorization";

    private final TokenSet tokens;
    private final HeaderIds ids;

    public BearerVerifier(List<Secret> tokens, HeaderIds ids) {
        this.tokens = new TokenSet(tokens);
        this.ids = ids;
    }

    @Override
    public Verified verify(WebhookRequest request) {
        String token = TokenSet.bearer(request.requireHeader(AUTHORIZATION));
        if (token == null) throw Rejection.unauthorized(AUTHORIZATION + " is not a Bearer token");
        if (!tokens.contains(token)) {
            throw Rejection.unauthorized("the bearer token is not one of this source's tokens");
        }
        return ids.verified(request);
    }
}
