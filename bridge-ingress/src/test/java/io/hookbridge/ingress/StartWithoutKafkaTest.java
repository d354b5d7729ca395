package io.hookbridge.ingress;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.Map;

import static io.hookbridge.ingress.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka unreachable when the ingress starts: it still listens soon (not ready), answers webhooks 503 with
 * Retry-After at once, and says why in its log instead of "cannot create topics: null" after a minute.
 */
class StartWithoutKafkaTest {

    @Test
    void itListensNotReadyWithinSecondsAndAnswers503() throws Exception {
        int nobody;
        try (ServerSocket socket = new ServerSocket(0)) {
            nobody = socket.getLocalPort(); // closed again: nothing listens there
        }
        long started = System.nanoTime();
        try (RunningIngress ingress = RunningIngress.start("""
                kafka: { bootstrapServers: "127.0.0.1:%d" }
                topics: { inbound: nowhere.inbound }
                ingress:
                  port: 0
                  ackTimeout: 1s
                  sources:
                    open: { verifier: none, deliveryIdHeader: X-Request-Id }
                """.formatted(nobody), Map.of())) {
            long startMs = (System.nanoTime() - started) / 1_000_000;
            assertThat(startMs).as("start-up without Kafka, in ms").isLessThan(25_000);
            assertThat(ingress.get("/health/live").statusCode()).isEqualTo(200);
            assertThat(ingress.get("/health/ready").statusCode()).isEqualTo(503);

            long sent = System.nanoTime();
            HttpResponse<String> refused = ingress.post("open", "{}", "X-Request-Id", "during-start");
            assertProblem(refused, 503, "kafka-unavailable");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat((System.nanoTime() - sent) / 1_000_000).as("answered within ackTimeout and a margin").isLessThan(5_000);
        }
    }
}
