package io.hookbridge.faults;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Config files for the role processes of a scenario: one prefix of topics, github source, free ports. */
final class FaultConfigs {

    static final String SECRET = "fault-suite-secret";

    private FaultConfigs() {
    }

    static Path write(String yaml) throws IOException {
        Path file = Files.createTempFile("fault-config", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** An ingress (and egress) config; {@code extraIngress} lines are indented under {@code ingress:}. */
    static String config(String bootstrap, String prefix, int ingressPort, int egressPort, String ackTimeout) {
        return """
                kafka: { bootstrapServers: "%s" }
                topics: { inbound: %s.inbound, events: %s.events, deadLetters: %s.dead-letters, subscriptions: %s.subscriptions, retryPrefix: %s.retry, partitions: 3 }
                ingress:
                  port: %d
                  ackTimeout: %s
                  maxBodyBytes: 65536
                  sources:
                    github: { verifier: github, secrets: ["${FAULT_SECRET}"] }
                egress:
                  port: %d
                  adminToken: fault-admin
                  secretsKey: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
                  applicationId: %s-egress
                  stateDir: "%s"
                  delivery: { allowPrivateTargets: true, retrySchedule: [200ms, 400ms] }
                """.formatted(bootstrap, prefix, prefix, prefix, prefix, prefix, ingressPort, ackTimeout, egressPort,
                prefix, tempDir());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("fault-state").toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
