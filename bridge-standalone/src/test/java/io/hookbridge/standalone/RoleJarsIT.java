package io.hookbridge.standalone;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/** The production jars of each role: no broker inside, and a bad config stops them with exit 2 naming the key. */
class RoleJarsIT {

    @ParameterizedTest
    @ValueSource(strings = {"ingress", "egress"})
    void roleJarsCarryNoKafkaBroker(String role) throws IOException {
        try (ZipFile jar = new ZipFile(jar(role).toFile())) {
            List<String> broker = jar.stream().map(ZipEntry::getName)
                    .filter(n -> n.contains("kafka/server") || n.contains("org/apache/kafka/raft"))
                    .toList();
            assertThat(broker).isEmpty();
            assertThat(jar.getEntry("org/apache/kafka/clients/producer/KafkaProducer.class")).isNotNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingress", "egress"})
    void anUnknownKeyStopsStartUpWithExit2(String role) throws Exception {
        Result result = run(role, "kafka: { bootstrapServers: 127.0.0.1:1 }\ningress:\n  prot: 8080\n");
        assertThat(result.exit).isEqualTo(2);
        assertThat(result.output).contains("ingress.prot: unknown key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingress", "egress"})
    void aMissingSecretStopsStartUpWithExit2(String role) throws Exception {
        Result result = run(role, """
                kafka: { bootstrapServers: 127.0.0.1:1 }
                ingress:
                  sources:
                    github: { verifier: github, secrets: ["${HOOKBRIDGE_TEST_UNSET_SECRET}"] }
                egress: { adminToken: x }
                """);
        assertThat(result.exit).isEqualTo(2);
        assertThat(result.output).contains("ingress.sources.github.secrets[0]", "HOOKBRIDGE_TEST_UNSET_SECRET");
    }

    /** Each role checks the ranges of its own keys (IngressConfigRules, EgressConfigRules) before it starts. */
    @ParameterizedTest
    @ValueSource(strings = {"ingress", "egress"})
    void aValueOutOfRangeStopsStartUpWithExit2NamingItsKey(String role) throws Exception {
        Result result = run(role, """
                kafka: { bootstrapServers: 127.0.0.1:1 }
                ingress: { port: 70000 }
                egress: { adminToken: x, secretsKey: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", delivery: { retrySchedule: [] } }
                """);
        assertThat(result.exit).as(result.output).isEqualTo(2);
        assertThat(result.output).contains(role.equals("ingress") ? "ingress.port: must be between 0 and 65535"
                : "egress.delivery.retrySchedule: must hold at least one delay");
    }

    @org.junit.jupiter.api.Test
    void theEgressDoesNotStartWithoutTheKeyOfSubscriptionSecrets() throws Exception {
        Result result = run("egress", "kafka: { bootstrapServers: 127.0.0.1:1 }\negress: { adminToken: x }\n");
        assertThat(result.exit).isEqualTo(2);
        assertThat(result.output).contains("egress.secretsKey: missing (set HOOKBRIDGE_SECRETS_KEY");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingress", "egress"})
    void aRoleThatCannotStartExitsWith1SayingWhy(String role) throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            // The ingress starts without Kafka (not ready) but cannot have its port; the egress needs Kafka.
            Result result = run(role, """
                    kafka: { bootstrapServers: "127.0.0.1:1" }
                    ingress: { port: %d, sources: { open: { verifier: none } } }
                    egress: { port: 0, adminToken: x, secretsKey: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", stateDir: "%s" }
                    """.formatted(taken.getLocalPort(), Files.createTempDirectory("start-fails")));
            assertThat(result.exit).as(result.output).isEqualTo(1);
            assertThat(result.output).contains("hookbridge-" + role + ": could not start:")
                    .contains(role.equals("ingress") ? "Address already in use" : "did not answer within 30 s");
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(String role, String yaml) throws Exception {
        Path config = Files.createTempFile("bad-config", ".yaml");
        Files.writeString(config, yaml);
        ProcessBuilder builder = new ProcessBuilder(StandaloneJarIT.java(), "-jar", jar(role).toString(),
                "--config", config.toString()).redirectErrorStream(true);
        builder.environment().remove("HOOKBRIDGE_TEST_UNSET_SECRET");
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static Path jar(String role) {
        Path jar = Path.of("..", "bridge-" + role, "target", "hookbridge-" + role + ".jar");
        assertThat(jar).exists();
        return jar;
    }
}
