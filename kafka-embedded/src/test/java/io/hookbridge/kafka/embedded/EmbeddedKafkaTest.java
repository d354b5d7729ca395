package io.hookbridge.kafka.embedded;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A broker's log directory: a temporary one of its own goes with it, a given one stays for the next start. */
class EmbeddedKafkaTest {

    @Test
    void aTemporaryLogDirectoryIsDeletedOnClose() {
        EmbeddedKafka kafka = EmbeddedKafka.inTempDir().start();
        Path dir = kafka.dataDir();
        try {
            assertThat(dir.resolve("meta.properties")).exists();
        } finally {
            kafka.close();
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void aGivenLogDirectoryIsKeptAndReused() throws Exception {
        Path dir = Files.createTempDirectory("given-kafka");
        EmbeddedKafka kafka = new EmbeddedKafka(0, dir, Map.of()).start();
        String clusterId;
        try {
            clusterId = Files.readString(dir.resolve("meta.properties"));
        } finally {
            kafka.close();
        }
        assertThat(dir.resolve("meta.properties")).exists();
        try (EmbeddedKafka again = new EmbeddedKafka(0, dir, Map.of()).start()) {
            assertThat(Files.readString(dir.resolve("meta.properties"))).isEqualTo(clusterId);
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
