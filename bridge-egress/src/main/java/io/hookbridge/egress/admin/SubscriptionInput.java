package io.hookbridge.egress.admin;

import io.hookbridge.common.signature.StandardWebhooks;
import io.hookbridge.egress.events.EventTypes;
import io.hookbridge.egress.subscription.Subscription;
import io.hookbridge.egress.subscription.RateLimit;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /api/v1/subscriptions} and {@code PUT /api/v1/subscriptions/{id}}, checked field
 * by field; the first problem is thrown as {@link InvalidInput} naming its field.
 */
record SubscriptionInput(String url, List<String> eventTypes, String description, Map<String, String> headers,
                         Boolean enabled, String secret, RateLimit rateLimit) {

    private static final Set<String> FIELDS = Set.of("url", "eventTypes", "description", "headers", "enabled", "secret",
            "rateLimit");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Headers hookbridge sets itself, or that would break the request. */
    private static final Set<String> RESERVED = Set.of("host", "content-length", "content-type", "transfer-encoding",
            "connection", "keep-alive", "upgrade", "te", "trailer", "expect");
    private static final int MAX_URL = 2048;
    private static final int MAX_TYPES = 100;
    private static final int MAX_DESCRIPTION = 1024;
    private static final int MAX_HEADERS = 32;
    private static final int MAX_HEADER_NAME = 256;
    private static final int MAX_HEADER_VALUE = 4096;
    private static final int MAX_RATE = 100_000;

    static SubscriptionInput parse(JsonObject body) {
        if (body == null) throw new InvalidInput("body", "a JSON object is required");
        InvalidInput.onlyFields(body, "", FIELDS);
        return new SubscriptionInput(url(body.getValue("url")), eventTypes(body.getValue("eventTypes")),
                description(body.getValue("description")), headers(body.getValue("headers")),
                enabled(body.getValue("enabled")), secret(body.getValue("secret")), rateLimit(body.getValue("rateLimit")));
    }

    /**
     * What a PATCH is applied to: the subscription as an input body (without its secret, which a patch may
     * set but never needs to read).
     */
    static JsonObject view(Subscription s) {
        JsonObject json = new JsonObject()
                .put("url", s.url())
                .put("eventTypes", new JsonArray(new ArrayList<>(s.eventTypes())))
                .put("headers", new JsonObject(new LinkedHashMap<>(s.headers())))
                .put("enabled", s.enabled());
        if (s.description() != null) json.put("description", s.description());
        if (s.rateLimit() != null) json.put("rateLimit", s.rateLimit().toJson());
        return json;
    }

    /** The optional body of rotate-secret: {@code {"secret": "whsec_..."}} or nothing. */
    static String rotationSecret(JsonObject body) {
        if (body == null) return null;
        InvalidInput.onlyFields(body, "", Set.of("secret"));
        return secret(body.getValue("secret"));
    }

    private static String url(Object value) {
        if (value == null) throw new InvalidInput("url", "missing");
        if (!(value instanceof String text)) throw new InvalidInput("url", "must be a string");
        String url = text.trim();
        if (url.length() > MAX_URL) throw new InvalidInput("url", "longer than " + MAX_URL + " characters");
        visibleAscii("url", url, false, "only visible ASCII: percent-encode the rest");
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidInput("url", "not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) throw new InvalidInput("url", "must be an http or https URL");
        if (uri.getHost() == null || uri.getHost().isEmpty()) throw new InvalidInput("url", "has no host");
        if (uri.getHost().contains("%")) throw new InvalidInput("url", "must not hold an IPv6 zone id (%25...)");
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw new InvalidInput("url", "port " + uri.getPort() + " is not between 1 and 65535");
        }
        if (uri.getRawUserInfo() != null) throw new InvalidInput("url", "must not hold credentials (send them in headers)");
        if (uri.getRawFragment() != null) throw new InvalidInput("url", "must not have a fragment");
        return url;
    }

    private static List<String> eventTypes(Object value) {
        if (value == null) throw new InvalidInput("eventTypes", "missing (e.g. [\"github.push\", \"stripe.*\"] or [\"*\"])");
        if (!(value instanceof JsonArray array)) throw new InvalidInput("eventTypes", "must be an array of strings");
        if (array.isEmpty()) throw new InvalidInput("eventTypes", "must not be empty");
        if (array.size() > MAX_TYPES) throw new InvalidInput("eventTypes", "more than " + MAX_TYPES + " entries");
        List<String> types = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            Object t = array.getValue(i);
            if (!(t instanceof String type) || !EventTypes.SUBSCRIPTION.matcher(type).matches()) {
                throw new InvalidInput("eventTypes[" + i + "]", "not an event type pattern (github.push, stripe.*, *)");
            }
            types.add(type);
        }
        return types;
    }

    private static String description(Object value) {
        if (value == null) return null;
        if (!(value instanceof String d)) throw new InvalidInput("description", "must be a string");
        if (d.length() > MAX_DESCRIPTION) throw new InvalidInput("description", "longer than " + MAX_DESCRIPTION + " characters");
        return d;
    }

    private static Map<String, String> headers(Object value) {
        if (value == null) return Map.of();
        if (!(value instanceof JsonObject object)) throw new InvalidInput("headers", "must be an object of header names to values");
        if (object.size() > MAX_HEADERS) throw new InvalidInput("headers", "more than " + MAX_HEADERS + " headers");
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : object.fieldNames()) {
            String field = "headers." + name;
            String lower = name.toLowerCase(Locale.ROOT);
            if (name.length() > MAX_HEADER_NAME || !TOKEN.matcher(name).matches()) {
                throw new InvalidInput(field, "not a header name (RFC 9110 token: letters, digits and !#$%&'*+-.^_`|~, at most "
                        + MAX_HEADER_NAME + ")");
            }
            if (RESERVED.contains(lower) || lower.startsWith("webhook-") || lower.startsWith("ce-") || lower.startsWith("proxy-")) {
                throw new InvalidInput(field, "set by hookbridge itself, cannot be configured");
            }
            if (!(object.getValue(name) instanceof String v)) throw new InvalidInput(field, "must be a string");
            headers.put(name, headerValue(field, v));
        }
        return headers;
    }

    /** RFC 9110 field-value as a sender should write it: visible ASCII, spaces and tabs inside, nothing else. */
    private static String headerValue(String field, String text) {
        if (text.length() > MAX_HEADER_VALUE) throw new InvalidInput(field, "longer than " + MAX_HEADER_VALUE + " characters");
        visibleAscii(field, text, true, "a header value holds visible ASCII, spaces and tabs");
        if (!text.equals(text.strip())) throw new InvalidInput(field, "starts or ends with whitespace");
        return text;
    }

    /** Refuses the first character that is not visible ASCII (nor, when {@code blanks}, a space or a tab). */
    private static void visibleAscii(String field, String text, boolean blanks, String rule) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c > 0x20 && c < 0x7f) || (blanks && (c == ' ' || c == '\t'))) continue;
            String what = c == ' ' ? "a space" : String.format("0x%02x", (int) c);
            throw new InvalidInput(field, "holds " + what + " at index " + i + " (" + rule + ")");
        }
    }

    /** {@code {perSecond, burst?}}: burst defaults to one second's worth (at least 1). */
    private static RateLimit rateLimit(Object value) {
        if (value == null) return null;
        if (!(value instanceof JsonObject object)) throw new InvalidInput("rateLimit", "must be an object {perSecond, burst}");
        InvalidInput.onlyFields(object, "rateLimit.", Set.of("perSecond", "burst"));
        Object rate = object.getValue("perSecond");
        if (rate == null) throw new InvalidInput("rateLimit.perSecond", "missing");
        if (!(rate instanceof Number number) || !(number.doubleValue() > 0) || number.doubleValue() > MAX_RATE) {
            throw new InvalidInput("rateLimit.perSecond", "must be a number above 0, at most " + MAX_RATE);
        }
        double perSecond = number.doubleValue();
        Object burst = object.getValue("burst");
        if (burst == null) return new RateLimit(perSecond, (int) Math.max(1, Math.ceil(perSecond)));
        if (!(burst instanceof Integer || burst instanceof Long) || ((Number) burst).longValue() < 1
                || ((Number) burst).longValue() > MAX_RATE) {
            throw new InvalidInput("rateLimit.burst", "must be a whole number from 1 to " + MAX_RATE);
        }
        return new RateLimit(perSecond, ((Number) burst).intValue());
    }

    private static Boolean enabled(Object value) {
        if (value == null) return null;
        if (!(value instanceof Boolean enabled)) throw new InvalidInput("enabled", "must be true or false");
        return enabled;
    }

    private static String secret(Object value) {
        if (value == null) return null;
        if (!(value instanceof String secret) || !secret.startsWith(StandardWebhooks.SECRET_PREFIX)) {
            throw new InvalidInput("secret", "must be a whsec_ secret (whsec_ + base64 of 24 to 64 random bytes)");
        }
        byte[] key;
        try {
            key = StandardWebhooks.key(secret);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("secret", "the part after whsec_ is not base64");
        }
        if (key.length < 24 || key.length > 64) throw new InvalidInput("secret", "must hold 24 to 64 bytes, has " + key.length);
        return secret;
    }
}
