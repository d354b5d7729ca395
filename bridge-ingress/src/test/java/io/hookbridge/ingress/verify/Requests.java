package io.hookbridge.ingress.verify;

import io.hookbridge.common.config.Secret;
import io.vertx.core.MultiMap;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Builds verifier inputs and checks refusals, for the verifier tests. */
final class Requests {

    private Requests() {
    }

    /** @param headers name, value, name, value, ... */
    static WebhookRequest request(String source, String body, long nowMillis, String... headers) {
        return request(source, body.getBytes(StandardCharsets.UTF_8), nowMillis, headers);
    }

    static WebhookRequest request(String source, byte[] body, long nowMillis, String... headers) {
        MultiMap map = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i + 1] != null) map.add(headers[i], headers[i + 1]);
        }
        return new WebhookRequest(source, map, body, nowMillis);
    }

    static List<Secret> secrets(String... values) {
        return Arrays.stream(values).map(Secret::new).toList();
    }

    /** Asserts the verifier refuses the request with this status and problem slug, and returns the detail. */
    static String refused(Verifier verifier, WebhookRequest request, int status, String slug) {
        Rejection rejection = catchThrowableOfType(Rejection.class, () -> verifier.verify(request));
        assertThat(rejection).as("a rejection").isNotNull();
        assertThat(rejection.problem().status()).isEqualTo(status);
        assertThat(rejection.problem().type()).endsWith("/" + slug);
        return rejection.problem().detail();
    }

    static void unauthorized(Verifier verifier, WebhookRequest request) {
        refused(verifier, request, 401, "invalid-signature");
    }
}
