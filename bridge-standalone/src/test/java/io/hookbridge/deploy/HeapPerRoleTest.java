package io.hookbridge.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heap each role gets, worked out as the JVM does from the files that launch it: the image's
 * {@code -XX:MaxRAMPercentage} of the memory limit that Kubernetes and compose give the container. It is the
 * heap docs/operations.md states, and nothing else (JAVA_TOOL_OPTIONS, an -Xmx) overrides it.
 */
class HeapPerRoleTest {

    private static final Pattern HEAP_FLAG = Pattern.compile("MaxRAMPercentage|InitialRAMPercentage|MinRAMPercentage|-Xmx|-Xms|MaxHeapSize");
    private static final Pattern JAVA_ENV = Pattern.compile("JAVA_TOOL_OPTIONS|JDK_JAVA_OPTIONS|_JAVA_OPTIONS|JAVA_OPTS");

    @ParameterizedTest
    @ValueSource(strings = {"ingress", "egress"})
    void theHeapIsTheImagesShareOfTheContainersLimitAsTheDocsSay(String role) throws Exception {
        double share = maxRamPercentage(role);
        long k8sLimit = bytes(k8sContainer(role).at("/resources/limits/memory").asText());
        long composeLimit = bytes(RepoFiles.yaml("docker-compose.yml").at("/services/" + role + "/mem_limit").asText());
        Documented documented = documented(role);

        assertThat(k8sLimit).as("Kubernetes memory limit of the %s", role).isEqualTo(documented.limit);
        assertThat(composeLimit).as("compose mem_limit of the %s", role).isEqualTo(documented.limit);
        assertThat(share).as("MaxRAMPercentage of the %s image", role).isEqualTo(documented.percent);
        assertThat((long) (k8sLimit * share / 100)).as("the %s's heap", role).isEqualTo(documented.heap);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingress", "egress"})
    void onlyTheImageSetsTheHeapAndAnOutOfMemoryJvmExits(String role) throws Exception {
        List<String> entrypoint = entrypoint(role);
        assertThat(entrypoint).contains("-XX:+ExitOnOutOfMemoryError");
        assertThat(entrypoint.stream().filter(a -> HEAP_FLAG.matcher(a).find()))
                .as("heap flags of the %s image", role).hasSize(1);
        k8sContainer(role).path("env").forEach(e -> {
            if (JAVA_ENV.matcher(e.path("name").asText()).matches()) {
                assertThat(e.path("value").asText()).as("%s in the %s Deployment", e.path("name").asText(), role)
                        .doesNotContainPattern(HEAP_FLAG);
            }
        });
        RepoFiles.yaml("docker-compose.yml").at("/services/" + role + "/environment").fields().forEachRemaining(e -> {
            if (JAVA_ENV.matcher(e.getKey()).matches()) {
                assertThat(e.getValue().asText()).as("%s in compose's %s", e.getKey(), role).doesNotContainPattern(HEAP_FLAG);
            }
        });
    }

    private static List<String> entrypoint(String role) throws Exception {
        String line = RepoFiles.read("deploy/docker/" + role + ".Dockerfile").lines()
                .filter(l -> l.startsWith("ENTRYPOINT ")).reduce((a, b) -> b).orElseThrow();
        List<String> args = new ArrayList<>();
        new ObjectMapper().readTree(line.substring("ENTRYPOINT ".length())).forEach(a -> args.add(a.asText()));
        return args;
    }

    private static double maxRamPercentage(String role) throws Exception {
        for (String arg : entrypoint(role)) {
            if (arg.startsWith("-XX:MaxRAMPercentage=")) return Double.parseDouble(arg.substring(arg.indexOf('=') + 1));
        }
        throw new AssertionError("the " + role + " image sets no MaxRAMPercentage");
    }

    private static JsonNode k8sContainer(String role) {
        for (JsonNode doc : RepoFiles.yamlDocuments(RepoFiles.path("deploy/k8s/" + role + ".yaml"))) {
            if (doc.path("kind").asText().equals("Deployment")) return doc.at("/spec/template/spec/containers/0");
        }
        throw new AssertionError("no Deployment in deploy/k8s/" + role + ".yaml");
    }

    private record Documented(long limit, double percent, long heap) {
    }

    /** The role's row of the table in docs/operations.md's "Memory" section: role, limit, share, heap. */
    private static Documented documented(String role) {
        String docs = RepoFiles.read("docs/operations.md");
        String section = docs.substring(docs.indexOf("### Memory"));
        Matcher row = Pattern.compile("(?m)^\\| " + role + " \\| ([^|]+) \\| ([0-9.]+) % \\| ([^|]+) \\|").matcher(section);
        assertThat(row.find()).as("the %s's row in operations.md's Memory table", role).isTrue();
        return new Documented(bytes(row.group(1).trim()), Double.parseDouble(row.group(2)), bytes(row.group(3).trim()));
    }

    /** Kubernetes (512Mi, 1Gi), compose (512m, 1g) and docs (512 MiB, 1 GiB) sizes, in bytes. */
    static long bytes(String size) {
        Matcher m = Pattern.compile("([0-9]+)\\s*(Ki|Mi|Gi|k|m|g|KiB|MiB|GiB)").matcher(size.trim());
        assertThat(m.matches()).as("a size: " + size).isTrue();
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "Ki", "k", "KiB" -> n << 10;
            case "Mi", "m", "MiB" -> n << 20;
            default -> n << 30;
        };
    }
}
