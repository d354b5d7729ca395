package io.hookbridge.bench;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * {@code WrkScript SECRET SIZE}: prints a wrk Lua script that POSTs one GitHub-signed JSON body of SIZE
 * bytes with a fresh X-GitHub-Delivery per request (GitHub signs the body only, so the signature is fixed).
 */
public final class WrkScript {

    private WrkScript() {
    }

    public static void main(String[] args) throws Exception {
        String secret = args[0];
        int size = Integer.parseInt(args[1]);
        String head = "{\"action\":\"push\",\"padding\":\"";
        String tail = "\"}";
        String body = head + "x".repeat(Math.max(0, size - head.length() - tail.length())) + tail;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        System.out.println("""
                wrk.method = "POST"
                wrk.body = '%s'
                wrk.headers["Content-Type"] = "application/json"
                wrk.headers["X-GitHub-Event"] = "push"
                wrk.headers["X-Hub-Signature-256"] = "%s"
                local counter = 0
                local prefix = tostring(math.random(1, 1000000000)) .. "-"
                function init(args)
                  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
                  prefix = tostring(math.random(1, 1000000000)) .. "-"
                end
                function request()
                  counter = counter + 1
                  wrk.headers["X-GitHub-Delivery"] = prefix .. counter
                  return wrk.format()
                end
                """.formatted(body, signature));
    }
}
