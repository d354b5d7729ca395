package io.hookbridge.bench;

import io.hookbridge.kafka.embedded.EmbeddedKafka;

import java.util.Map;

/** {@code BenchBroker PORT}: a real single-node KRaft broker for the benchmark, in its own process. */
public final class BenchBroker {

    private BenchBroker() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        // A temporary log directory, deleted on SIGTERM: one run writes several gigabytes.
        EmbeddedKafka kafka = EmbeddedKafka.inTempDir(port, Map.of("num.partitions", "6")).start();
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        System.out.println("READY " + kafka.bootstrapServers());
        Thread.currentThread().join();
    }
}
