package io.hookbridge.ingress.verify;

/**
 * Delivery id and event type of the generic verifiers (hmac, bearer, api-key, none): from the configured
 * headers when the request has them, else a content hash ({@link ContentHash}) and {@code unknown}.
 */
public final class HeaderIds {

    static final String UNKNOWN_TYPE = "unknown";
    private final String deliveryIdHeader;
    private final String eventTypeHeader;
    private final ProviderHeaders copied;

    /** @param deliveryIdHeader may be null; likewise {@code eventTypeHeader} */
    public HeaderIds(String deliveryIdHeader, String eventTypeHeader) {
        this.deliveryIdHeader = blankToNull(deliveryIdHeader);
        this.eventTypeHeader = blankToNull(eventTypeHeader);
        this.copied = new ProviderHeaders(this.deliveryIdHeader, this.eventTypeHeader);
    }

    /** A request found genuine: its ids, and the two id headers copied onto the record. */
    public Verified verified(WebhookRequest request) {
        return new Verified(deliveryId(request), eventType(request), copied.copy(request));
    }

    public String deliveryId(WebhookRequest request) {
        String id = deliveryIdHeader == null ? null : request.header(deliveryIdHeader);
        return id == null || id.isBlank() ? ContentHash.of(request.source(), request.body()) : id;
    }

    public String eventType(WebhookRequest request) {
        return orUnknown(eventTypeHeader == null ? null : request.header(eventTypeHeader));
    }

    public String deliveryIdHeader() {
        return deliveryIdHeader;
    }

    public String eventTypeHeader() {
        return eventTypeHeader;
    }

    static String orUnknown(String eventType) {
        return eventType == null || eventType.isBlank() ? UNKNOWN_TYPE : eventType;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
