package io.hookbridge.ingress.verify;

import io.hookbridge.common.config.Secret;
import io.vertx.core.json.JsonObject;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Slack: {@code X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:<ts>:<body>">} with the app's signing
 * secret, {@code X-Slack-Request-Timestamp} within {@code tolerance}.
 * <ul>
 *   <li>Events API (JSON): delivery id = {@code event_id} (the same on Slack's retries), event type =
 *       {@code event.type}, else the top-level {@code type}. A genuine {@code url_verification} is answered
 *       with its challenge and nothing is written.</li>
 *   <li>Slash commands and interactivity (form-encoded): no id in the body, so a content hash; event type
 *       {@code slash_command} or the interaction payload's {@code type}.</li>
 * </ul>
 */
public final class SlackVerifier implements Verifier {

    private static final String SIGNATURE = "X-Slack-Signature";
    private static final String TIMESTAMP = "X-Slack-Request-Timestamp";
    private static final String PREFIX = "v0=";
    private static final JsonFields EVENT = new JsonFields("event_id", "event.type", "type", "challenge");
    private static final JsonFields PAYLOAD_TYPE = new JsonFields("type");
    private static final ProviderHeaders COPIED = new ProviderHeaders(SIGNATURE, TIMESTAMP);

    private final HmacCheck check;

    public SlackVerifier(List<Secret> secrets, Duration tolerance) {
        this.check = HmacCheck.sha256(secrets, "v0:{timestamp}:{body}", tolerance);
    }

    @Override
    public Verified verify(WebhookRequest request) {
        byte[] given = request.requireSignature(SIGNATURE, PREFIX, false);
        check.require(SIGNATURE, given, TIMESTAMP, request.header(TIMESTAMP), request);
        String contentType = request.contentType();
        if (MediaTypes.isJson(contentType)) return event(request);
        if (MediaTypes.isForm(contentType)) {
            return new Verified(ContentHash.of(request.source(), request.body()), formType(request.body()), COPIED.copy(request));
        }
        throw Rejection.unsupportedMediaType("slack sends application/json or application/x-www-form-urlencoded, not '"
                + contentType + "'");
    }

    private Verified event(WebhookRequest request) {
        String[] fields = EVENT.read(request.body());
        if (fields == null) throw Rejection.malformedBody("the body is not a JSON object, so it has no event_id");
        if ("url_verification".equals(fields[2])) {
            if (fields[3] == null) throw Rejection.malformedBody("url_verification without a challenge");
            return Verified.answer(new JsonObject().put("challenge", fields[3]).encode());
        }
        String deliveryId = fields[0] == null || fields[0].isBlank()
                ? ContentHash.of(request.source(), request.body()) : fields[0];
        String eventType = fields[1] != null && !fields[1].isBlank() ? fields[1] : fields[2];
        return new Verified(deliveryId, HeaderIds.orUnknown(eventType), COPIED.copy(request));
    }

    /** {@code slash_command}, or the {@code type} of an interaction's {@code payload} field (block_actions, ...). */
    static String formType(byte[] body) {
        String form = new String(body, StandardCharsets.UTF_8);
        for (String pair : form.split("&")) {
            if (pair.startsWith("command=")) return "slash_command";
            if (pair.startsWith("payload=")) {
                try {
                    String json = URLDecoder.decode(pair.substring("payload=".length()), StandardCharsets.UTF_8);
                    String[] type = PAYLOAD_TYPE.read(json.getBytes(StandardCharsets.UTF_8));
                    return HeaderIds.orUnknown(type == null ? null : type[0]);
                } catch (IllegalArgumentException malformedEscape) {
                    return HeaderIds.UNKNOWN_TYPE;
                }
            }
        }
        return HeaderIds.UNKNOWN_TYPE;
    }
}
