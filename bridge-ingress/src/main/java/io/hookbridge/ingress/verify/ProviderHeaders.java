package io.hookbridge.ingress.verify;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The provider headers a source copies onto its record (as {@code http-<lower-case name>}): those a
 * consumer needs to re-verify the signature, and the ids. Headers the request lacks are left out. Never
 * list a header that carries a secret itself (a bearer token, an API key).
 */
public final class ProviderHeaders {

    private final String[] names;
    private final String[] lowerNames;

    public ProviderHeaders(String... names) {
        this.names = java.util.Arrays.stream(names).filter(Objects::nonNull).distinct().toArray(String[]::new);
        this.lowerNames = java.util.Arrays.stream(this.names).map(n -> n.toLowerCase(Locale.ROOT)).toArray(String[]::new);
    }

    public Map<String, String> copy(WebhookRequest request) {
        Map<String, String> copied = new LinkedHashMap<>(names.length * 2);
        for (int i = 0; i < names.length; i++) {
            String value = request.header(names[i]);
            if (value != null) copied.put(lowerNames[i], value);
        }
        return copied;
    }
}
