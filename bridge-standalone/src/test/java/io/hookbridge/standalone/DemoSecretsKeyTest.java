package io.hookbridge.standalone;

import io.hookbridge.common.config.ConfigLoader;
import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.kafka.embedded.EmbeddedKafka;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the standalone takes its egress.secretsKey from when the configuration gives none. */
class DemoSecretsKeyTest {

    private static final HookbridgeConfig NO_KEY = ConfigLoader.parse("egress: { adminToken: t }", Map.of());
    private static final String GIVEN = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    @Test
    void aDataDirKeepsItsKeyForTheNextStartReadableByItsOwnerOnly() throws Exception {
        Path dir = Files.createTempDirectory("standalone-data");
        String first = DemoSecretsKey.apply(NO_KEY, Map.of(), Optional.of(dir.toString())).egress().secretsKey().value();
        String second = DemoSecretsKey.apply(NO_KEY, Map.of(), Optional.of(dir.toString())).egress().secretsKey().value();

        assertThat(first).isEqualTo(second).hasSize(44);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(DemoSecretsKey.FILE)))).isEqualTo("rw-------");
        try (ServerSocket free = new ServerSocket(0)) {
            free.close();
            // The key file sits in the broker's log directory: the broker formats and starts beside it.
            try (EmbeddedKafka broker = new EmbeddedKafka(free.getLocalPort(), dir, Map.of()).start()) {
                assertThat(broker.isRunning()).isTrue();
            }
        }
        assertThat(DemoSecretsKey.apply(NO_KEY, Map.of(), Optional.of(dir.toString())).egress().secretsKey().value()).isEqualTo(first);
    }

    @Test
    void theConfigThenTheEnvironmentWin() {
        HookbridgeConfig withKey = ConfigLoader.parse("egress: { adminToken: t, secretsKey: '" + GIVEN + "' }", Map.of());
        assertThat(DemoSecretsKey.apply(withKey, Map.of("HOOKBRIDGE_SECRETS_KEY", "other"), Optional.empty())).isSameAs(withKey);
        assertThat(DemoSecretsKey.apply(NO_KEY, Map.of("HOOKBRIDGE_SECRETS_KEY", GIVEN), Optional.empty()).egress().secretsKey().value())
                .isEqualTo(GIVEN);
        assertThat(DemoSecretsKey.apply(NO_KEY, Map.of(), Optional.empty()).egress().secretsKey().value()).hasSize(44);
    }
}
