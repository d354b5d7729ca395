package io.hookbridge.egress.normalize;

import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.kafka.KafkaClients;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Readies {@code egress.stateDir} before Kafka Streams takes it. State another instance holds is refused with
 * a message naming the key (Kafka Streams alone says "Unable to initialize state"); state left from another
 * Kafka cluster (a new broker, a recreated test cluster) is wiped, since restoring it against the new
 * cluster's offsets fails with a page of TaskCorruptedExceptions. The state is a cache of the changelog in
 * Kafka either way.
 */
public final class LocalState {

    private static final Logger LOG = LoggerFactory.getLogger(LocalState.class);
    /** Kafka Streams' own lock file in the application's directory (StateDirectory.LOCK_FILE_NAME). */
    private static final String STREAMS_LOCK = ".lock";
    static final String CLUSTER_FILE = "hookbridge-kafka-cluster-id";

    private LocalState() {
    }

    /** @throws IllegalStateException naming egress.stateDir when another instance holds the directory */
    public static void prepare(HookbridgeConfig config) {
        Path appDir = config.egress().stateDir().resolve(config.egress().applicationId());
        try {
            Files.createDirectories(appDir);
            // Kafka Streams locks the same file the same way once we let it go.
            try (FileChannel channel = FileChannel.open(appDir.resolve(STREAMS_LOCK),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = tryLock(channel)) {
                if (lock == null) {
                    throw new IllegalStateException("egress.stateDir " + config.egress().stateDir()
                            + " is in use by another running egress with application id "
                            + config.egress().applicationId() + "; give each instance a directory of its own");
                }
                forgetOtherClusters(appDir, clusterId(config));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("egress.stateDir " + config.egress().stateDir() + ": " + e.getMessage(), e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            return null;
        }
    }

    private static void forgetOtherClusters(Path appDir, String clusterId) throws IOException {
        Path file = appDir.resolve(CLUSTER_FILE);
        if (Files.exists(file)) {
            String before = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!before.equals(clusterId)) {
                LOG.info("local state in {} belonged to Kafka cluster {}, now {}: wiped, rebuilt from Kafka",
                        appDir, before, clusterId);
                wipe(appDir);
            }
        }
        Files.writeString(file, clusterId, StandardCharsets.UTF_8);
    }

    private static void wipe(Path appDir) throws IOException {
        try (Stream<Path> children = Files.list(appDir)) {
            for (Path child : children.filter(c -> !c.getFileName().toString().equals(STREAMS_LOCK)).toList()) {
                try (Stream<Path> tree = Files.walk(child)) {
                    for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
                }
            }
        }
    }

    private static String clusterId(HookbridgeConfig config) {
        try (Admin admin = Admin.create(KafkaClients.admin(config.kafka()))) {
            return admin.describeCluster().clusterId().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking Kafka for its cluster id", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not read the Kafka cluster id at " + config.kafka().bootstrapServers(), e);
        }
    }
}
