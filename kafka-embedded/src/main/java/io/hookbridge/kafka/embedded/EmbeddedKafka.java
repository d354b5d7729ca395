package io.hookbridge.kafka.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A real Apache Kafka broker in this JVM: one node that is both KRaft controller and broker, listening on
 * 127.0.0.1. It keeps its port and data directory across {@link #stop()} and {@link #start()}, so a test
 * can take Kafka away and bring it back under running clients.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private final Map<String, String> overrides;
    /** True for a directory of its own ({@link #inTempDir}), deleted on {@link #close()}; a given one is kept. */
    private final boolean ownsDataDir;
    private KafkaRaftServer server;

    /**
     * @param port      the client port; 0 picks a free one
     * @param dataDir   the log directory, formatted on first start; kept when it already holds a cluster
     * @param overrides further broker properties
     */
    public EmbeddedKafka(int port, Path dataDir, Map<String, String> overrides) {
        this(port, dataDir, overrides, false);
    }

    private EmbeddedKafka(int port, Path dataDir, Map<String, String> overrides, boolean ownsDataDir) {
        this.port = port == 0 ? freePort() : port;
        this.controllerPort = freePort();
        this.dataDir = dataDir;
        this.overrides = Map.copyOf(overrides);
        this.ownsDataDir = ownsDataDir;
    }

    public static EmbeddedKafka inTempDir() {
        return inTempDir(0, Map.of());
    }

    /**
     * A broker whose log directory is a new temporary one, deleted again by {@link #close()}: a benchmark
     * writes gigabytes, and a test suite starts a broker per JVM.
     */
    public static EmbeddedKafka inTempDir(int port, Map<String, String> overrides) {
        try {
            return new EmbeddedKafka(port, Files.createTempDirectory("hookbridge-kafka"), overrides, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized EmbeddedKafka start() {
        if (server != null) return this;
        KafkaConfig config = new KafkaConfig(properties(), false);
        format(config);
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        waitForPort();
        return this;
    }

    public synchronized void stop() {
        if (server == null) return;
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker; a temporary log directory ({@link #inTempDir}) is deleted with everything in it. */
    @Override
    public void close() {
        stop();
        if (ownsDataDir) deleteRecursively(dataDir);
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Object> properties() {
        Map<String, Object> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        // One node: internal topics cannot have more than one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "4");
        p.put("auto.create.topics.enable", "true");
        p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.putAll(overrides);
        return p;
    }

    /** Formats the data directory once; a restart on the same directory keeps the cluster and its topics. */
    private void format(KafkaConfig config) {
        if (Files.exists(dataDir.resolve("meta.properties"))) return;
        try {
            Files.createDirectories(dataDir);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(1)
                    .setDirectories(Set.of(dataDir.toString()))
                    .setMetadataLogDirectory(dataDir.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setUnstableFeatureVersionsEnabled(false)
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka storage in " + dataDir, e);
        }
    }

    private void waitForPort() {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        throw new IllegalStateException("Kafka did not open 127.0.0.1:" + port + " within 30 s");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while Kafka starts", e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
