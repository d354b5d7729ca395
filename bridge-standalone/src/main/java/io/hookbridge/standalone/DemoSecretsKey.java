package io.hookbridge.standalone;

import io.hookbridge.common.config.EgressConfig;
import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.config.Secret;
import io.hookbridge.egress.subscription.SecretSealer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The standalone's {@code egress.secretsKey} when the configuration gives none: {@code HOOKBRIDGE_SECRETS_KEY},
 * else the key kept beside the data in {@code <data-dir>/secrets.key} (made on the first start, readable by
 * its owner only), else a key for this run, which is enough while the data is as temporary as the embedded
 * broker's without {@code --data-dir}.
 */
final class DemoSecretsKey {

    static final String FILE = "secrets.key";

    private DemoSecretsKey() {
    }

    static HookbridgeConfig apply(HookbridgeConfig config, Map<String, String> env, Optional<String> dataDir) {
        Secret configured = config.egress().secretsKey();
        if (configured != null && !configured.isBlank()) return config;
        String key = env.get("HOOKBRIDGE_SECRETS_KEY");
        if (key == null || key.isBlank()) {
            key = dataDir.map(dir -> kept(Path.of(dir).resolve(FILE)))
                    .orElseGet(() -> Base64.getEncoder().encodeToString(SecretSealer.newKey()));
        }
        EgressConfig egress = config.egress().withSecretsKey(new Secret(key));
        return new HookbridgeConfig(config.kafka(), config.topics(), config.ingress(), egress);
    }

    private static String kept(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) { // not a POSIX file system
                    Files.createFile(file);
                }
                Files.writeString(file, Base64.getEncoder().encodeToString(SecretSealer.newKey()) + "\n", StandardCharsets.US_ASCII);
            }
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (FileAlreadyExistsException e) {
            return kept(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the secrets key in " + file, e);
        }
    }
}
