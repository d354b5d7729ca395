package io.hookbridge.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbridge.common.config.ConfigLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/k8s/ as the API server would read it: every multi-document manifest parses, the kinds are there,
 * probes point at the health endpoints, every secret reaches the pods from the Secret and nowhere else, and
 * the config in the ConfigMap is the one the other deployments use.
 */
class KubernetesManifestsTest {

    private static final Pattern SECRET_NAME = Pattern.compile(".*(SECRET|TOKEN|KEY|PASSWORD).*");
    private static final List<JsonNode> MANIFESTS = new ArrayList<>();

    @BeforeAll
    static void parse() throws IOException {
        try (Stream<Path> files = Files.list(RepoFiles.path("deploy/k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                if (file.getFileName().toString().equals("kustomization.yaml")) continue;
                List<JsonNode> docs = RepoFiles.yamlDocuments(file);
                assertThat(docs).as(file + " documents").isNotEmpty();
                for (JsonNode doc : docs) {
                    assertThat(doc.path("apiVersion").asText()).as(file + " apiVersion").isNotBlank();
                    assertThat(doc.path("kind").asText()).as(file + " kind").isNotBlank();
                    assertThat(doc.path("metadata").path("name").asText()).as(file + " name").isNotBlank();
                    MANIFESTS.add(doc);
                }
            }
        }
    }

    @Test
    void everyKindThatRunsHookbridgeIsThere() {
        assertThat(MANIFESTS).extracting(m -> m.get("kind").asText() + "/" + m.get("metadata").get("name").asText())
                .containsExactlyInAnyOrder(
                        "ConfigMap/hookbridge-config", "Secret/hookbridge-secrets", "Secret/hookbridge-egress-secrets",
                        "Deployment/hookbridge-ingress", "Service/hookbridge-ingress",
                        "HorizontalPodAutoscaler/hookbridge-ingress", "PodDisruptionBudget/hookbridge-ingress",
                        "Deployment/hookbridge-egress", "Service/hookbridge-egress",
                        "PodDisruptionBudget/hookbridge-egress");
    }

    @Test
    void theKustomizationListsEveryManifest() throws IOException {
        JsonNode kustomization = RepoFiles.yaml("deploy/k8s/kustomization.yaml");
        List<String> listed = new ArrayList<>();
        kustomization.get("resources").forEach(r -> listed.add(r.asText()));
        try (Stream<Path> files = Files.list(RepoFiles.path("deploy/k8s"))) {
            assertThat(listed).containsExactlyInAnyOrderElementsOf(files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".yaml") && !f.equals("kustomization.yaml")).toList());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingress", "egress"})
    void podsAreProbedOnTheHealthEndpointsAndBounded(String role) {
        JsonNode container = container(role);
        int port = container.get("ports").get(0).get("containerPort").asInt();
        assertThat(port).isEqualTo(role.equals("ingress") ? 8080 : 8081);
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
        assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo("http");
        assertThat(container.at("/ports/0/name").asText()).isEqualTo("http");
        for (String bound : List.of("requests", "limits")) {
            assertThat(container.at("/resources/" + bound + "/cpu").asText()).as(bound + " cpu").isNotBlank();
            assertThat(container.at("/resources/" + bound + "/memory").asText()).as(bound + " memory").isNotBlank();
        }
        assertThat(pod(role).at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod(role).path("terminationGracePeriodSeconds").asInt()).as("room for the graceful stop").isGreaterThan(30);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingress", "egress"})
    void secretsComeFromTheSecretAndTheConfigFromTheConfigMap(String role) {
        JsonNode container = container(role);
        JsonNode secret = manifest("Secret", "hookbridge-secrets");
        Map<String, String> available = new HashMap<>();
        env(container).forEach((name, var) -> {
            if (SECRET_NAME.matcher(name).matches()) {
                assertThat(var.at("/valueFrom/secretKeyRef/name").asText()).as(name + " from the Secret")
                        .isEqualTo("hookbridge-secrets");
            }
            available.put(name, var.has("value") ? var.get("value").asText() : "from-secret");
        });
        assertThat(container.at("/envFrom/0/secretRef/name").asText()).isEqualTo("hookbridge-secrets");
        secret.get("stringData").fieldNames().forEachRemaining(key -> available.put(key, "value-of-" + key));

        // The Secret is a template: no value is committed.
        secret.get("stringData").fields().forEachRemaining(e -> assertThat(e.getValue().asText()).as(e.getKey()).isEmpty());
        assertThat(secret.has("data")).isFalse();

        // The config is mounted from the ConfigMap where HOOKBRIDGE_CONFIG says, and every variable it needs
        // without a default is given, secrets by the Secret.
        String configFile = available.get("HOOKBRIDGE_CONFIG");
        String volume = mountedVolume(role, configFile.substring(0, configFile.lastIndexOf('/')));
        assertThat(volumeOf(role, volume).at("/configMap/name").asText()).isEqualTo("hookbridge-config");
        String config = manifest("ConfigMap", "hookbridge-config").at("/data/" + configFile.substring(configFile.lastIndexOf('/') + 1)).asText();
        for (String variable : ComposeFileTest.requiredVariables(config)) {
            assertThat(available).as("${%s} of the config in the %s pod", variable, role).containsKey(variable);
            if (SECRET_NAME.matcher(variable).matches()) {
                assertThat(secret.get("stringData").has(variable)).as(variable + " is a key of the Secret").isTrue();
            }
        }
        assertThat(ConfigLoader.parse(config, available).egress().port()).isEqualTo(8081);
    }

    @Test
    void onlyTheEgressGetsTheKeyOfSubscriptionSecrets() {
        JsonNode egressSecret = manifest("Secret", "hookbridge-egress-secrets");
        assertThat(egressSecret.at("/stringData/HOOKBRIDGE_SECRETS_KEY").asText()).isEmpty();
        assertThat(container("egress").at("/envFrom/1/secretRef/name").asText()).isEqualTo("hookbridge-egress-secrets");
        assertThat(container("ingress").path("envFrom").toString()).doesNotContain("hookbridge-egress-secrets");
        assertThat(manifest("Secret", "hookbridge-secrets").path("stringData").has("HOOKBRIDGE_SECRETS_KEY")).isFalse();
    }

    @Test
    void theConfigMapHoldsTheSameConfigAsComposeUses() {
        String inConfigMap = manifest("ConfigMap", "hookbridge-config").at("/data/hookbridge.yaml").asText();
        assertThat(inConfigMap).isEqualTo(RepoFiles.read("deploy/config/hookbridge.yaml"));
    }

    @Test
    void theIngressScalesOnCpuAndTheEgressIsNotAutoscaled() {
        JsonNode hpa = manifest("HorizontalPodAutoscaler", "hookbridge-ingress");
        assertThat(hpa.get("apiVersion").asText()).isEqualTo("autoscaling/v2");
        assertThat(hpa.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
        assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo("hookbridge-ingress");
        assertThat(hpa.at("/spec/metrics/0/resource/name").asText()).isEqualTo("cpu");
        assertThat(hpa.at("/spec/minReplicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(MANIFESTS).noneMatch(m -> m.get("kind").asText().equals("HorizontalPodAutoscaler")
                && m.at("/spec/scaleTargetRef/name").asText().equals("hookbridge-egress"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingress", "egress"})
    void servicesAndDisruptionBudgetsSelectTheirPods(String role) {
        JsonNode podLabels = manifest("Deployment", "hookbridge-" + role).at("/spec/template/metadata/labels");
        JsonNode selector = manifest("Deployment", "hookbridge-" + role).at("/spec/selector/matchLabels");
        assertThat(selector).isEqualTo(podLabels);
        assertThat(manifest("Service", "hookbridge-" + role).at("/spec/selector")).isEqualTo(podLabels);
        assertThat(manifest("Service", "hookbridge-" + role).at("/spec/ports/0/targetPort").asText()).isEqualTo("http");
        JsonNode pdb = manifest("PodDisruptionBudget", "hookbridge-" + role);
        assertThat(pdb.get("apiVersion").asText()).isEqualTo("policy/v1");
        assertThat(pdb.at("/spec/selector/matchLabels")).isEqualTo(podLabels);
    }

    private static JsonNode manifest(String kind, String name) {
        return MANIFESTS.stream()
                .filter(m -> m.get("kind").asText().equals(kind) && m.at("/metadata/name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + "/" + name));
    }

    private static JsonNode pod(String role) {
        return manifest("Deployment", "hookbridge-" + role).at("/spec/template/spec");
    }

    private static JsonNode container(String role) {
        JsonNode containers = pod(role).get("containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static Map<String, JsonNode> env(JsonNode container) {
        Map<String, JsonNode> env = new HashMap<>();
        container.path("env").forEach(e -> env.put(e.get("name").asText(), e));
        return env;
    }

    private static String mountedVolume(String role, String mountPath) {
        for (JsonNode mount : container(role).get("volumeMounts")) {
            if (mount.get("mountPath").asText().equals(mountPath)) return mount.get("name").asText();
        }
        throw new AssertionError("nothing is mounted at " + mountPath + " in the " + role + " pod");
    }

    private static JsonNode volumeOf(String role, String name) {
        for (JsonNode volume : pod(role).get("volumes")) {
            if (volume.get("name").asText().equals(name)) return volume;
        }
        throw new AssertionError("no volume " + name + " in the " + role + " pod");
    }
}
