package io.hookbridge.standalone;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's first command, as a user runs it: the standalone jar starts its own broker, becomes ready,
 * prints a curl line that is accepted, the record is readable by a plain Kafka client, and SIGTERM stops it.
 */
class StandaloneJarIT {

    private Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void kill() {
        if (process != null) process.destroyForcibly();
    }

    @Test
    void startsPrintsAWorkingCurlAndStopsCleanly() throws Exception {
        int kafkaPort = freePort();
        int ingressPort = freePort();
        int egressPort = freePort();
        process = new ProcessBuilder(java(), "-Xmx512m", "-jar", Path.of("target/hookbridge-standalone.jar").toString(),
                "--kafka-port", Integer.toString(kafkaPort),
                "--ingress-port", Integer.toString(ingressPort),
                "--egress-port", Integer.toString(egressPort))
                .redirectErrorStream(true)
                .start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(output::add);
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        reader.setDaemon(true);
        reader.start();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> status(
                "http://127.0.0.1:" + ingressPort + "/health/ready") == 200);
        await().atMost(Duration.ofSeconds(10)).until(() -> output.stream().anyMatch(l -> l.trim().startsWith("curl ")));

        String curl = output.stream().map(String::trim).filter(l -> l.startsWith("curl ")).findFirst().orElseThrow();
        HttpResponse<String> response = http.send(fromCurl(curl), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("the printed curl, sent").isBetween(200, 299);
        String deliveryId = header(curl, "X-GitHub-Delivery");
        assertThat(response.body()).contains(deliveryId);
        assertThat(String.join("\n", output)).contains("127.0.0.1:" + kafkaPort);
        String dashboard = output.stream().map(String::trim).filter(l -> l.contains("/ui ")).findFirst().orElseThrow();
        assertThat(dashboard).as("the banner names the dashboard").startsWith("http://127.0.0.1:" + egressPort + "/ui ");
        assertThat(status("http://127.0.0.1:" + egressPort + "/ui/")).as("the dashboard's page, as printed").isEqualTo(200);

        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("hookbridge.inbound").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (records.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            assertThat(records).extracting(ConsumerRecord::key).containsExactly(deliveryId);
            assertThat(records.get(0).value()).isEqualTo(body(curl));
        }

        process.toHandle().destroy(); // SIGTERM
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s of SIGTERM").isTrue();
        assertThat(process.exitValue()).as("exit code of a clean stop").isZero();
        assertThat(String.join("\n", output)).doesNotContain("unclean stop");
    }

    private static HttpRequest fromCurl(String curl) {
        Matcher url = Pattern.compile("-X POST (\\S+)").matcher(curl);
        assertThat(url.find()).as("url in " + curl).isTrue();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.group(1)));
        Matcher h = Pattern.compile("-H '([^:]+): ([^']*)'").matcher(curl);
        while (h.find()) {
            request.header(h.group(1), h.group(2));
        }
        return request.POST(HttpRequest.BodyPublishers.ofString(body(curl))).build();
    }

    private static String header(String curl, String name) {
        Matcher h = Pattern.compile("-H '" + name + ": ([^']*)'").matcher(curl);
        assertThat(h.find()).isTrue();
        return h.group(1);
    }

    private static String body(String curl) {
        Matcher b = Pattern.compile("--data '([^']*)'").matcher(curl);
        assertThat(b.find()).isTrue();
        return b.group(1);
    }

    @Test
    void aPortAlreadyTakenStopsStartUpWithExit1SayingWhy() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Process starting = new ProcessBuilder(java(), "-Xmx512m", "-jar", Path.of("target/hookbridge-standalone.jar").toString(),
                    "--kafka-port", Integer.toString(freePort()),
                    "--ingress-port", Integer.toString(taken.getLocalPort()),
                    "--egress-port", Integer.toString(freePort()))
                    .redirectErrorStream(true)
                    .start();
            process = starting;
            Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(starting.getInputStream(),
                    StandardCharsets.UTF_8)).lines().forEach(output::add));
            reader.setDaemon(true);
            reader.start();
            assertThat(starting.waitFor(90, TimeUnit.SECONDS)).as("exited; output: %s", output).isTrue();
            reader.join(5_000);
            String out = String.join("\n", output);
            assertThat(starting.exitValue()).as(out).isEqualTo(1);
            assertThat(out).contains("hookbridge-standalone: could not start:", "Address already in use");
        }
    }

    private int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception notYet) {
            return -1;
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
