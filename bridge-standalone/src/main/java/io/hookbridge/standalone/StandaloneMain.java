package io.hookbridge.standalone;

import io.hookbridge.common.config.CommandLine;
import io.hookbridge.common.config.ConfigException;
import io.hookbridge.common.config.ConfigLoader;
import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.config.SourceConfig;
import io.hookbridge.common.launch.GracefulStop;
import io.hookbridge.common.launch.RoleLauncher;
import io.hookbridge.common.metrics.Metrics;
import io.hookbridge.common.signature.StandardWebhooks;
import io.hookbridge.egress.Egress;
import io.hookbridge.egress.config.EgressConfigRules;
import io.hookbridge.ingress.Ingress;
import io.hookbridge.ingress.verify.VerifierRegistry;
import io.hookbridge.kafka.embedded.EmbeddedKafka;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar hookbridge-standalone.jar}: an embedded single-node KRaft broker (unless
 * KAFKA_BOOTSTRAP_SERVERS or kafka.bootstrapServers names one), the ingress and the egress in one process,
 * with a demo config. Prints where everything is and a curl line that sends a signed demo webhook.
 */
public final class StandaloneMain {

    private static final Set<String> OPTIONS = Set.of("config", "kafka-port", "data-dir", "ingress-port", "egress-port");

    private StandaloneMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        // Secrets never live in committed files: the demo makes its own unless the environment gives them.
        env.putIfAbsent("HOOKBRIDGE_DEMO_SECRET", StandardWebhooks.newSecret().substring(6, 22));
        env.putIfAbsent("HOOKBRIDGE_ADMIN_TOKEN", StandardWebhooks.newSecret().substring(6));
        CommandLine cli;
        HookbridgeConfig config;
        try {
            cli = CommandLine.parse(args, OPTIONS);
            config = loadConfig(cli, env);
            config = withPorts(config, cli);
            config = DemoSecretsKey.apply(config, env, cli.option("data-dir"));
            // Both roles' own rules before the embedded broker or either role starts.
            EgressConfigRules.requireAdminToken(config);
            EgressConfigRules.check(config);
            VerifierRegistry.build(config.ingress().sources());
        } catch (ConfigException e) {
            RoleLauncher.exitOnBadConfig("hookbridge-standalone", e);
            return;
        }

        EmbeddedKafka kafka = null;
        Vertx vertx = null;
        Ingress ingress;
        Egress egress;
        try {
            if (!config.kafka().hasBootstrapServers()) {
                int kafkaPort = cli.intOption("kafka-port", 9092);
                // Without --data-dir the broker's log directory is temporary and goes when the broker stops.
                kafka = cli.option("data-dir")
                        .map(dir -> new EmbeddedKafka(kafkaPort, Path.of(dir), Map.of()))
                        .orElseGet(() -> EmbeddedKafka.inTempDir(kafkaPort, Map.of()))
                        .start();
                config = config.withBootstrapServers(kafka.bootstrapServers());
            }
            Metrics metrics = new Metrics("standalone");
            vertx = metrics.newVertx(new VertxOptions());
            egress = Egress.start(vertx, config, metrics).await(120, TimeUnit.SECONDS);
            ingress = Ingress.start(vertx, config, metrics).await(60, TimeUnit.SECONDS);
        } catch (ConfigException e) {
            RoleLauncher.exitOnBadConfig("hookbridge-standalone", e);
            return;
        } catch (Exception e) {
            // A port already taken (the broker's 9092, the ingress's 8080, ...): say so and exit 1, broker stopped.
            if (kafka != null) kafka.close();
            RoleLauncher.exitAfterFailedStart("hookbridge-standalone", e, vertx);
            return;
        }
        Vertx running = vertx;
        EmbeddedKafka broker = kafka;
        // The same stop as a role run alone (exit 0 after a clean SIGTERM), then the embedded broker.
        GracefulStop.install("hookbridge-standalone", () -> {
            try {
                ingress.stop().eventually(egress::stop).await(60, TimeUnit.SECONDS);
                // Closed apart from the chain above: a future chained on an event loop cannot complete once
                // that loop is gone.
                running.close().await(10, TimeUnit.SECONDS);
            } finally {
                if (broker != null) broker.close();
            }
        });
        printBanner(config, ingress, egress, kafka, env);
    }

    private static HookbridgeConfig loadConfig(CommandLine cli, Map<String, String> env) {
        Optional<Path> file = cli.configFile(env);
        if (file.isPresent()) {
            return ConfigLoader.load(file.get(), env);
        }
        try (InputStream in = StandaloneMain.class.getResourceAsStream("/demo-config.yaml")) {
            return ConfigLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), env);
        } catch (IOException e) {
            throw new IllegalStateException("the demo config is missing from the jar", e);
        }
    }

    private static HookbridgeConfig withPorts(HookbridgeConfig config, CommandLine cli) {
        return new HookbridgeConfig(config.kafka(), config.topics(),
                config.ingress().withPort(cli.intOption("ingress-port", config.ingress().port())),
                config.egress().withPort(cli.intOption("egress-port", config.egress().port())));
    }

    private static void printBanner(HookbridgeConfig config, Ingress ingress, Egress egress, EmbeddedKafka kafka,
                                    Map<String, String> env) {
        StringBuilder out = new StringBuilder("\nhookbridge standalone is running\n");
        out.append("  ingress  http://127.0.0.1:").append(ingress.port()).append("/webhooks/{source}   sources: ")
                .append(config.ingress().sources().keySet()).append('\n');
        out.append("           http://127.0.0.1:").append(ingress.port()).append("/health/ready   /metrics\n");
        out.append("  egress   http://127.0.0.1:").append(egress.port()).append("/api/v1/subscriptions")
                .append("   (Authorization: Bearer ").append(config.egress().adminToken().value()).append(")\n");
        out.append("  kafka    ").append(config.kafka().bootstrapServers())
                .append(kafka != null ? "   (embedded, data in " + kafka.dataDir() + ")" : "").append('\n');
        out.append("  topics   ").append(config.topics().inbound()).append(" -> ").append(config.topics().events())
                .append("   dead letters: ").append(config.topics().deadLetters()).append('\n');
        SourceConfig github = config.ingress().sources().get("github");
        if (github != null && "github".equals(github.verifier())) {
            DemoWebhook demo = DemoWebhook.github(ingress.port(), github.secrets().get(0).value());
            out.append("\nSend a signed demo webhook:\n  ").append(demo.curl()).append('\n');
        }
        out.append("\nRead what arrived (any Kafka client works):\n  kcat -b ").append(config.kafka().bootstrapServers())
                .append(" -t ").append(config.topics().events()).append(" -C -e -J\n");
        out.append("\nCtrl-C stops it cleanly.\n");
        System.out.println(out);
    }
}
