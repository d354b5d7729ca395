package io.hookbridge.ingress.verify;

import io.hookbridge.common.config.Secret;
import io.hookbridge.common.signature.StandardWebhooks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Standard Webhooks (standardwebhooks.com, as sent by Svix and the services built on it):
 * {@code webhook-id}, {@code webhook-timestamp} (within {@code tolerance} both ways) and
 * {@code webhook-signature: v1,<base64> [v1,<base64> ...]}, HMAC-SHA256 over {@code "<id>.<ts>.<body>"}
 * keyed by the base64-decoded part of a {@code whsec_} secret. Svix's branded {@code svix-*} headers are
 * accepted too. Delivery id = {@code webhook-id}; event type = the JSON body's {@code type}, when it has one.
 */
public final class StandardWebhooksVerifier implements Verifier {

    private static final byte[] DOT = {'.'};
    private static final JsonFields TYPE = new JsonFields("type");
    private static final Names UNBRANDED = new Names("webhook-");
    private static final Names SVIX = new Names("svix-");

    private final KeyRing keys;
    private final Duration tolerance;

    public StandardWebhooksVerifier(List<Secret> secrets, Duration tolerance) {
        this.keys = KeyRing.of("HmacSHA256", secrets, s -> StandardWebhooks.key(s.value()));
        this.tolerance = tolerance;
    }

    @Override
    public Verified verify(WebhookRequest request) {
        Names names = request.header(UNBRANDED.id) == null && request.header(SVIX.id) != null ? SVIX : UNBRANDED;
        String id = request.requireHeader(names.id);
        long timestamp = Timestamps.require(names.timestamp, request.header(names.timestamp), request.receivedAt(), tolerance);
        String header = request.requireHeader(names.signature);
        List<byte[]> signatures = new ArrayList<>(2);
        for (String entry : header.split(" ")) {
            if (entry.startsWith("v1,")) signatures.add(Hmac.fromBase64(entry.substring(3)));
        }
        if (signatures.isEmpty()) throw Rejection.unauthorized(names.signature + " has no v1 signature");
        byte[] signedPrefix = (id + '.' + timestamp).getBytes(StandardCharsets.UTF_8);
        if (!keys.matchesAny(signatures, signedPrefix, DOT, request.body())) {
            throw Rejection.unauthorized(names.signature + " does not match the body");
        }
        if (id.isBlank()) throw Rejection.missingDeliveryId(names.id + " is empty");
        return new Verified(id, eventType(request), names.copied.copy(request));
    }

    /** The body's {@code type} when it is JSON; the id is in a header, so a body that is not JSON is no error. */
    private static String eventType(WebhookRequest request) {
        if (!MediaTypes.isJson(request.contentType())) return HeaderIds.UNKNOWN_TYPE;
        String[] fields = TYPE.read(request.body());
        return HeaderIds.orUnknown(fields == null ? null : fields[0]);
    }

    private static final class Names {
        final String id;
        final String timestamp;
        final String signature;
        final ProviderHeaders copied;

        Names(String prefix) {
            this.id = prefix + "id";
            this.timestamp = prefix + "timestamp";
            this.signature = prefix + "signature";
            this.copied = new ProviderHeaders(id, timestamp, signature);
        }
    }
}
