package io.hookbridge.standalone;

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
import java.util.regex.Pattern;

/** {@code java -jar target/hookbridge-standalone.jar ...} as a user starts it, with everything it prints kept. */
final class StandaloneProcess implements AutoCloseable {

    /** A log line at WARN or ERROR, as logback.xml's pattern writes it. */
    static final Pattern WARN_OR_ERROR = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (WARN|ERROR)\\b.*");

    final Process process;
    final List<String> output = new CopyOnWriteArrayList<>();
    final int ingressPort;
    final int egressPort;
    final int kafkaPort;
    private final HttpClient http = HttpClient.newHttpClient();

    private StandaloneProcess(Process process, int kafkaPort, int ingressPort, int egressPort) {
        this.process = process;
        this.kafkaPort = kafkaPort;
        this.ingressPort = ingressPort;
        this.egressPort = egressPort;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(output::add);
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    /** Started on free ports with its own embedded broker, plus {@code extraArgs}. */
    static StandaloneProcess start(Map<String, String> env, String... extraArgs) throws IOException {
        int kafkaPort = freePort();
        int ingressPort = freePort();
        int egressPort = freePort();
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m", "-jar",
                Path.of("target/hookbridge-standalone.jar").toString(),
                "--kafka-port", Integer.toString(kafkaPort),
                "--ingress-port", Integer.toString(ingressPort),
                "--egress-port", Integer.toString(egressPort)));
        command.addAll(List.of(extraArgs));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        return new StandaloneProcess(builder.start(), kafkaPort, ingressPort, egressPort);
    }

    boolean ready() {
        return status("http://127.0.0.1:" + ingressPort + "/health/ready") == 200
                && status("http://127.0.0.1:" + egressPort + "/health/ready") == 200;
    }

    String text() {
        return String.join("\n", output);
    }

    List<String> warningsAndErrors() {
        return output.stream().filter(l -> WARN_OR_ERROR.matcher(l).matches()).toList();
    }

    private int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception notYet) {
            return -1;
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
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
