package io.hookbridge.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbridge.common.config.ConfigLoader;
import io.hookbridge.common.config.HookbridgeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml as a parser sees it (no Docker engine runs here): Kafka is the apache/kafka image in
 * KRaft mode, every other image is built from a Dockerfile of this repository, long-running services have
 * health checks, and the roles get their config file and every variable it needs from the environment.
 */
class ComposeFileTest {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-[^}]*)?}");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(SECRET|TOKEN|KEY|PASSWORD).*");
    private final JsonNode compose = RepoFiles.yaml("docker-compose.yml");

    @Test
    void everyImageIsApacheKafkaOrBuiltFromADockerfileOfThisRepo() {
        Map<String, JsonNode> services = services();
        assertThat(services).containsKeys("kafka", "topics", "ingress", "egress");
        services.forEach((name, service) -> {
            if (service.has("build")) {
                JsonNode build = service.get("build");
                Path context = RepoFiles.root().resolve(build.path("context").asText(".")).normalize();
                assertThat(context).as(name + " build context").isDirectory();
                Path dockerfile = context.resolve(build.path("dockerfile").asText("Dockerfile")).normalize();
                assertThat(dockerfile).as(name + " dockerfile").isRegularFile();
                assertThat(RepoFiles.root().relativize(dockerfile).toString()).startsWith("deploy/docker/");
            } else {
                assertThat(service.path("image").asText()).as(name + " image").startsWith("apache/kafka:");
            }
        });
    }

    @Test
    void kafkaRunsInKraftModeWithoutZooKeeper() {
        JsonNode env = services().get("kafka").get("environment");
        assertThat(env.path("KAFKA_PROCESS_ROLES").asText()).contains("broker", "controller");
        assertThat(env.path("KAFKA_CONTROLLER_QUORUM_VOTERS").asText()).isNotBlank();
        assertThat(compose.toString()).doesNotContainIgnoringCase("zookeeper");
    }

    @Test
    void longRunningServicesHaveHealthChecksAndTheRolesCheckReadiness() {
        services().forEach((name, service) -> {
            if (service.path("restart").asText().equals("no")) return; // one-shot: it exits when done
            assertThat(service.path("healthcheck").path("test").isEmpty()).as(name + " healthcheck").isFalse();
        });
        assertThat(healthcheck("ingress")).contains("http://127.0.0.1:8080/health/ready");
        assertThat(healthcheck("egress")).contains("http://127.0.0.1:8081/health/ready");
    }

    @Test
    void theOneShotTopicServiceCreatesTheTopicsBeforeTheRolesStart() {
        String command = services().get("topics").path("command").toString();
        assertThat(command).contains("kafka-topics.sh", "--if-not-exists", "hookbridge.inbound", "hookbridge.events",
                "hookbridge.dead-letters", "hookbridge.subscriptions");
        for (String role : List.of("ingress", "egress")) {
            assertThat(services().get(role).path("depends_on").path("topics").path("condition").asText())
                    .isEqualTo("service_completed_successfully");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingress", "egress"})
    void theRolesReadTheMountedConfigWithEverySecretFromTheEnvironment(String role) {
        JsonNode service = services().get(role);
        Map<String, String> env = environment(service);
        String mount = service.get("volumes").get(0).asText();
        assertThat(mount).startsWith("./deploy/config/hookbridge.yaml:" + env.get("HOOKBRIDGE_CONFIG"));
        assertThat(RepoFiles.path("deploy/config/hookbridge.yaml")).isRegularFile();

        // Secrets are never written into the compose file: they are ${VARIABLES} of whoever runs it.
        env.forEach((name, value) -> {
            if (SECRET_NAME.matcher(name).matches()) {
                assertThat(value).as(name).startsWith("${" + name);
            }
        });
        // Every variable the config file needs is given, so both roles start with it.
        String config = RepoFiles.read("deploy/config/hookbridge.yaml");
        Map<String, String> resolved = new HashMap<>();
        env.forEach((name, value) -> resolved.put(name, value.startsWith("${") ? "value-of-" + name : value));
        for (String variable : requiredVariables(config)) {
            assertThat(resolved).as("compose's %s environment gives ${%s}", role, variable).containsKey(variable);
        }
        HookbridgeConfig parsed = ConfigLoader.parse(config, resolved);
        assertThat(parsed.kafka().bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(parsed.ingress().port()).isEqualTo(8080);
        assertThat(parsed.egress().port()).isEqualTo(8081);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingress", "egress"})
    void eachRoleHasAMultiStageDockerfileThatRunsItsJarOnAJreAsNonRoot(String role) throws Exception {
        List<String> lines = Files.readAllLines(RepoFiles.path("deploy/docker/" + role + ".Dockerfile"));
        List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(froms).hasSize(2);
        assertThat(froms.get(0)).startsWith("FROM maven:").endsWith(" AS build");
        assertThat(froms.get(1)).startsWith("FROM eclipse-temurin:17-jre");

        List<String> runtime = lines.subList(lines.indexOf(froms.get(1)), lines.size());
        assertThat(runtime).anyMatch(l -> l.startsWith("COPY --from=build /src/bridge-" + role
                + "/target/hookbridge-" + role + ".jar "));
        String user = runtime.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
        assertThat(user.substring(5).trim()).doesNotStartWith("root").doesNotStartWith("0");
        String entrypoint = runtime.stream().filter(l -> l.startsWith("ENTRYPOINT ")).findFirst().orElseThrow();
        assertThat(entrypoint).as("exec form: the JVM gets SIGTERM").contains("[\"java\"", "-XX:MaxRAMPercentage=",
                "hookbridge-" + role + ".jar");
        assertThat(lines).anyMatch(l -> l.contains("mvn ") && l.contains("-pl bridge-" + role + " -am package"));
    }

    private String healthcheck(String service) {
        return services().get(service).path("healthcheck").path("test").toString();
    }

    private Map<String, JsonNode> services() {
        Map<String, JsonNode> services = new LinkedHashMap<>();
        compose.get("services").fields().forEachRemaining(e -> services.put(e.getKey(), e.getValue()));
        return services;
    }

    private static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        service.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        return env;
    }

    /** The ${VARIABLES} of a config text that have no default. */
    static List<String> requiredVariables(String text) {
        List<String> names = new ArrayList<>();
        Matcher m = VARIABLE.matcher(text.replaceAll("(?m)^\\s*#.*$", ""));
        while (m.find()) {
            if (m.group(2) == null) names.add(m.group(1));
        }
        return names;
    }
}
