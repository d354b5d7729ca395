package io.hookbridge.common.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The egress role: dedupe + normalize (Kafka Streams) and outbound delivery, with the admin API on
 * {@code port}.
 *
 * @param applicationId the Kafka Streams application id and consumer group prefix; instances with the same
 *                      id share the work
 * @param stateDir      where Kafka Streams keeps its local RocksDB state (rebuilt from Kafka when lost)
 * @param routes        optional copies of events to further topics, by CloudEvent type glob
 * @param attempts      the attempt log and its index
 * @param replay        deliveries again from {@code topics.events}
 * @param secretsKey    base64 of the 32-byte AES key that seals subscription secrets and headers at rest
 * @param previousSecretsKeys keys that still open what they sealed, during a key rotation
 */
public record EgressConfig(Integer port,
                           Secret adminToken,
                           Duration dedupWindow,
                           String applicationId,
                           Path stateDir,
                           DeliveryConfig delivery,
                           List<RouteConfig> routes,
                           Integer numStreamThreads,
                           AttemptLogConfig attempts,
                           ReplayConfig replay,
                           Secret secretsKey,
                           List<Secret> previousSecretsKeys) {

    public EgressConfig {
        port = port != null ? port : 8081;
        dedupWindow = dedupWindow != null ? dedupWindow : Duration.ofHours(72);
        applicationId = applicationId != null && !applicationId.isBlank() ? applicationId : "hookbridge-egress";
        stateDir = stateDir != null ? stateDir : Path.of(System.getProperty("java.io.tmpdir"), "hookbridge-streams");
        delivery = delivery != null ? delivery : new DeliveryConfig(null, null, null, null, null, null, null, null, null, null, null, null, null);
        routes = routes == null ? List.of() : List.copyOf(routes);
        numStreamThreads = numStreamThreads != null ? numStreamThreads : 1;
        attempts = attempts != null ? attempts : new AttemptLogConfig(null, null, null, null);
        replay = replay != null ? replay : new ReplayConfig(null, null);
        previousSecretsKeys = previousSecretsKeys == null ? List.of() : List.copyOf(previousSecretsKeys);
    }

    public EgressConfig withSecretsKey(Secret key) {
        return new EgressConfig(port, adminToken, dedupWindow, applicationId, stateDir, delivery, routes,
                numStreamThreads, attempts, replay, key, previousSecretsKeys);
    }

    public EgressConfig withPort(int newPort) {
        return new EgressConfig(newPort, adminToken, dedupWindow, applicationId, stateDir, delivery, routes,
                numStreamThreads, attempts, replay, secretsKey, previousSecretsKeys);
    }

    /** The standalone keeps Kafka Streams' state under its data dir. */
    public EgressConfig withStateDir(Path newStateDir) {
        return new EgressConfig(port, adminToken, dedupWindow, applicationId, newStateDir, delivery, routes,
                numStreamThreads, attempts, replay, secretsKey, previousSecretsKeys);
    }
}
