package io.hookbridge.ingress.verify;

import io.hookbridge.common.config.Secret;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Stripe: {@code Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>...]}, HMAC-SHA256 keyed by the whole
 * {@code whsec_...} string over {@code "<t>.<body>"}; {@code t} within {@code tolerance}. Stripe sends
 * several {@code v1} while its own secret is being rolled; any may match. The delivery id and event type
 * are the event's {@code id} and {@code type} in the JSON body.
 */
public final class StripeVerifier implements Verifier {

    private static final String SIGNATURE = "Stripe-Signature";
    private static final JsonFields ID_AND_TYPE = new JsonFields("id", "type");
    private static final ProviderHeaders COPIED = new ProviderHeaders(SIGNATURE);

    private final HmacCheck check;

    public StripeVerifier(List<Secret> secrets, Duration tolerance) {
        this.check = HmacCheck.sha256(secrets, "{timestamp}.{body}", tolerance);
    }

    @Override
    public Verified verify(WebhookRequest request) {
        String header = request.requireHeader(SIGNATURE);
        String timestamp = null;
        List<byte[]> signatures = new ArrayList<>(2);
        int start = 0;
        while (start <= header.length()) {
            int comma = header.indexOf(',', start);
            int end = comma < 0 ? header.length() : comma;
            int equals = indexOf(header, '=', start, end);
            if (equals > start) {
                String name = header.substring(start, equals).trim();
                String value = header.substring(equals + 1, end).trim();
                if (name.equals("t") && timestamp == null) {
                    timestamp = value;
                } else if (name.equals("v1")) {
                    signatures.add(Hmac.fromHex(value));
                }
            }
            start = end + 1;
        }
        if (timestamp == null) throw Rejection.unauthorized(SIGNATURE + " has no t=");
        if (signatures.isEmpty()) throw Rejection.unauthorized(SIGNATURE + " has no v1= signature");
        check.require(SIGNATURE, signatures, SIGNATURE + " t", timestamp, request);
        if (!MediaTypes.isJson(request.contentType())) {
            throw Rejection.unsupportedMediaType("a stripe event is JSON (application/json), not '" + request.contentType() + "'");
        }
        String[] fields = ID_AND_TYPE.read(request.body());
        if (fields == null) throw Rejection.malformedBody("the body is not a JSON object, so it has no event id");
        if (fields[0] == null || fields[0].isBlank()) throw Rejection.missingDeliveryId("the event has no \"id\"");
        return new Verified(fields[0], HeaderIds.orUnknown(fields[1]), COPIED.copy(request));
    }

    /** Like String.indexOf but bounded, so a header of many '='-less items is still read in linear time. */
    private static int indexOf(String s, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == c) return i;
        }
        return -1;
    }
}
