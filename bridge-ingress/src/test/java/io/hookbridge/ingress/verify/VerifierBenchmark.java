package io.hookbridge.ingress.verify;

import io.hookbridge.common.config.Secret;
import io.hookbridge.common.signature.StandardWebhooks;
import io.vertx.core.MultiMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The per-request cost of verification on a 1 KiB body: GitHub (one secret, and two during a rotation) and
 * Standard Webhooks. Run with bench/jmh.sh.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VerifierBenchmark {

    private WebhookRequest github;
    private WebhookRequest standard;
    private Verifier githubVerifier;
    private Verifier githubRotating;
    private Verifier standardVerifier;

    @Setup
    public void setUp() throws Exception {
        byte[] body = ("{\"action\":\"push\",\"padding\":\"" + "x".repeat(994) + "\"}").getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        github = new WebhookRequest("github", MultiMap.caseInsensitiveMultiMap()
                .add("X-Hub-Signature-256", "sha256=" + HexFormat.of().formatHex(mac.doFinal(body)))
                .add("X-GitHub-Delivery", "d-1").add("X-GitHub-Event", "push"), body, System.currentTimeMillis());
        githubVerifier = BodyHmacVerifier.github(List.of(new Secret("secret")));
        githubRotating = BodyHmacVerifier.github(List.of(new Secret("new-secret"), new Secret("secret")));

        String whsec = StandardWebhooks.newSecret();
        long ts = System.currentTimeMillis() / 1000;
        standard = new WebhookRequest("billing", MultiMap.caseInsensitiveMultiMap()
                .add("webhook-id", "msg_1").add("webhook-timestamp", Long.toString(ts))
                .add("webhook-signature", StandardWebhooks.signature(List.of(StandardWebhooks.signingKey(whsec)), "msg_1", ts, body))
                .add("content-type", "application/json"), body, System.currentTimeMillis());
        standardVerifier = new StandardWebhooksVerifier(List.of(new Secret(whsec)), Duration.ofMinutes(5));
    }

    @Benchmark
    public Verified github() {
        return githubVerifier.verify(github);
    }

    @Benchmark
    public Verified githubDuringRotation() {
        return githubRotating.verify(github);
    }

    @Benchmark
    public Verified standardWebhooks() {
        return standardVerifier.verify(standard);
    }
}
