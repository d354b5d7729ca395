package io.hookbridge.standalone;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.UUID;

/** A GitHub-style webhook signed with the demo secret, printed as a curl line a user can paste. */
record DemoWebhook(String url, String deliveryId, String signature, String body) {

    static DemoWebhook github(int ingressPort, String secret) {
        String body = "{\"zen\":\"Design for failure.\",\"hook_id\":1,\"repository\":{\"full_name\":\"octo/demo\"}}";
        return new DemoWebhook("http://127.0.0.1:" + ingressPort + "/webhooks/github",
                "demo-" + UUID.randomUUID(), "sha256=" + hmacSha256Hex(secret, body), body);
    }

    String curl() {
        return "curl -i -X POST " + url
                + " -H 'Content-Type: application/json'"
                + " -H 'X-GitHub-Event: push'"
                + " -H 'X-GitHub-Delivery: " + deliveryId + "'"
                + " -H 'X-Hub-Signature-256: " + signature + "'"
                + " --data '" + body + "'";
    }

    private static String hmacSha256Hex(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
