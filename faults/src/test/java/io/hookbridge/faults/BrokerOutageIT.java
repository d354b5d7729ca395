package io.hookbridge.faults;

import io.hookbridge.kafka.embedded.EmbeddedKafka;
import io.hookbridge.testing.TopicReader;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 2: the broker stops under load for a few seconds, then starts again. While it is down the
 * ingress answers only 503 with Retry-After, each within ackTimeout (never 2xx, never a hang); readiness
 * goes false and back; traffic succeeds again without restarting the ingress; every 2xx is in Kafka.
 */
class BrokerOutageIT {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(2);

    @Test
    void theIngressAnswers503WhileKafkaIsDownAndRecoversByItself() throws Exception {
        Duration outage = Duration.ofSeconds(Scale.pick(4, 10));
        EmbeddedKafka broker = new EmbeddedKafka(0, Files.createTempDirectory("outage-kafka"), Map.of()).start();
        String prefix = "outage";
        int port = FaultConfigs.freePort();
        var config = FaultConfigs.write(FaultConfigs.config(broker.bootstrapServers(), prefix, port, 0, "2s"));
        HttpClient http = HttpClient.newHttpClient();
        try (RoleProcess ingress = new RoleProcess("ingress", config, List.of("-Xmx256m"),
                Map.of("FAULT_SECRET", FaultConfigs.SECRET)).start().awaitReady(port, Duration.ofSeconds(60));
             SignedLoad load = new SignedLoad("http://127.0.0.1:" + port + "/webhooks/github", FaultConfigs.SECRET, prefix)) {
            load.start(8, Integer.MAX_VALUE, Duration.ofSeconds(15));
            await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledged.size() >= 200);

            broker.stop();
            long down = System.nanoTime();
            await().atMost(Duration.ofSeconds(15)).until(() -> status(http, port) == 503);
            long notReadyAfterMs = (System.nanoTime() - down) / 1_000_000;
            await().pollDelay(outage).atMost(outage.plusSeconds(1)).until(() -> true);
            long up = System.nanoTime();
            broker.start();

            await().atMost(Duration.ofSeconds(60)).until(() -> status(http, port) == 200);
            int ackedAfterUp = load.acknowledged.size();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged.size() >= ackedAfterUp + 200);
            load.stop();

            // Sent while Kafka was down, and answered before it came back: what did the ingress say?
            List<SignedLoad.Outcome> duringOutage = load.outcomes.stream()
                    .filter(o -> o.sentAtNanos() >= down && o.sentAtNanos() + ACK_TIMEOUT.toNanos() < up)
                    .toList();
            assertThat(duringOutage).as("requests sent during the outage").isNotEmpty();
            assertThat(duringOutage).allSatisfy(o -> {
                assertThat(o.status()).as("status while Kafka is down").isEqualTo(503);
                assertThat(o.retryAfter()).as("Retry-After").isNotBlank();
                assertThat(o.millis()).as("answered within ackTimeout + 1.5 s").isLessThanOrEqualTo(ACK_TIMEOUT.toMillis() + 1500);
            });

            Set<String> acknowledged = Set.copyOf(load.acknowledged);
            Set<String> stored;
            try (TopicReader reader = new TopicReader(broker.bootstrapServers(), prefix + ".inbound")) {
                stored = reader.readAll(acknowledged.size(), Duration.ofSeconds(60), Duration.ofSeconds(1)).stream()
                        .map(TopicReader::key).collect(Collectors.toSet());
            }
            Set<String> lost = new HashSet<>(acknowledged);
            lost.removeAll(stored);
            new Figures("2 broker stopped " + outage.toSeconds() + " s under load", load.outcomes.size(), acknowledged.size(),
                    acknowledged.size() - lost.size(), 0, lost.size(),
                    duringOutage.size() + " requests during the outage, all 503 + Retry-After; not ready after "
                            + notReadyAfterMs + " ms")
                    .report();
            assertThat(lost).as("acknowledged but not in topics.inbound").isEmpty();
            assertThat(ingress.isAlive()).isTrue();
        } finally {
            broker.close();
        }
    }

    private static int status(HttpClient http, int port) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
