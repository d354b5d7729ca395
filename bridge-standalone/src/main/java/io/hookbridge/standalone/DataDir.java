package io.hookbridge.standalone;

import io.hookbridge.common.config.ConfigException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the standalone keeps what it writes: the embedded broker's log directory ({@code kafka/}) and the
 * egress's Kafka Streams state ({@code streams/}). Given with {@code --data-dir} it is kept; otherwise it is a
 * new temporary directory, deleted on exit, so any number of standalones can run side by side.
 */
record DataDir(Path root, boolean temporary) {

    static DataDir of(Optional<String> given) {
        if (given.isPresent()) {
            Path root = Path.of(given.get()).toAbsolutePath();
            if (Files.exists(root.resolve("meta.properties"))) {
                throw new ConfigException("--data-dir", root + " is a Kafka log directory of an earlier hookbridge;"
                        + " move its contents into " + root.resolve("kafka") + " to keep them");
            }
            return new DataDir(root, false);
        }
        try {
            return new DataDir(Files.createTempDirectory("hookbridge-standalone-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary data directory", e);
        }
    }

    Path kafka() {
        return root.resolve("kafka");
    }

    Path streams() {
        return root.resolve("streams");
    }

    /** Deletes a temporary directory with everything in it; a given one is kept. */
    void release() {
        if (!temporary || !Files.exists(root)) return;
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("hookbridge-standalone: could not delete " + root + ": " + e);
        }
    }
}
