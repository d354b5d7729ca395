package io.hookbridge.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** A hookbridge role jar run as its own process, as in production: started, killed, restarted. */
final class RoleProcess implements AutoCloseable {

    private final String role;
    private final Path config;
    private final List<String> jvmArgs;
    private final Map<String, String> env;
    private final Path log;
    private Process process;

    RoleProcess(String role, Path config, List<String> jvmArgs, Map<String, String> env) throws IOException {
        this.role = role;
        this.config = config;
        this.jvmArgs = List.copyOf(jvmArgs);
        this.env = Map.copyOf(env);
        this.log = Files.createTempFile("hookbridge-" + role, ".log");
    }

    static Path jar(String role) {
        return Path.of("..", "bridge-" + role, "target", "hookbridge-" + role + ".jar");
    }

    RoleProcess start() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", jar(role).toString(), "--config", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        process = builder.start();
        return this;
    }

    /** Waits until GET /health/ready answers 200 on {@code port}. */
    RoleProcess awaitReady(int port, Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) throw new IllegalStateException(role + " died: " + Files.readString(log));
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
        return this;
    }

    /** SIGKILL: no shutdown hook, no flush, no commit. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as an orchestrator stops a pod: the time it took to exit, or null when it had not within {@code limit}. */
    Duration terminate(Duration limit) throws InterruptedException {
        long started = System.nanoTime();
        process.destroy();
        boolean exited = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        return exited ? Duration.ofNanos(System.nanoTime() - started) : null;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) kill();
    }
}
