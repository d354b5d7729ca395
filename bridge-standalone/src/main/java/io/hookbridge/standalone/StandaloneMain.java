package io.hookbridge.standalone;

import io.hookbridge.common.config.CommandLine;
import io.hookbridge.common.config.ConfigException;
import io.hookbridge.common.config.ConfigLoader;
import io.hookbridge.common.config.EgressConfig;
import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.config.SourceConfig;
import io.hookbridge.common.launch.GracefulStop;
import io.hookbridge.common.launch.RoleLauncher;
import io.hookbridge.common.launch.Usage;
import io.hookbridge.common.metrics.Metrics;
import io.hookbridge.common.signature.StandardWebhooks;
import io.hookbridge.egress.Egress;
import io.hookbridge.egress.config.EgressConfigRules;
import io.hookbridge.ingress.Ingress;
import io.hookbridge.ingress.config.IngressConfigRules;
import io.hookbridge.ingress.verify.VerifierRegistry;
import io.hookbridge.kafka.embedded.EmbeddedKafka;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

    private static final String PROGRAM = "hookbridge-standalone";
    private static final Set<String> OPTIONS = Set.of("config", "kafka-port", "data-dir", "ingress-port", "egress-port");
    private static final Usage USAGE = new Usage(PROGRAM,
            "an embedded Kafka broker, the ingress and the egress in one process, for trying hookbridge",
            usageOptions());

    private StandaloneMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        // Secrets never live in committed files: the demo makes its own unless the environment gives them.
        env.putIfAbsent("HOOKBRIDGE_DEMO_SECRET", StandardWebhooks.newSecret().substring(6, 22));
        String generatedToken = StandardWebhooks.newSecret().substring(6);
        env.putIfAbsent("HOOKBRIDGE_ADMIN_TOKEN", generatedToken);
        CommandLine cli;
        HookbridgeConfig config;
        DataDir chosen = null;
        try {
            cli = CommandLine.parse(args, OPTIONS);
            Optional<String> answer = USAGE.answer(cli);
            if (answer.isPresent()) {
                System.out.println(answer.get());
                return;
            }
            config = loadConfig(cli, env);
            chosen = DataDir.of(cli.option("data-dir"));
            config = withPortsAndState(config, cli, chosen);
            config = DemoSecretsKey.apply(config, env, cli.option("data-dir"));
            // Both roles' own rules before the embedded broker or either role starts.
            IngressConfigRules.check(config);
            EgressConfigRules.requireAdminToken(config);
            EgressConfigRules.check(config);
            VerifierRegistry.build(config.ingress().sources());
        } catch (ConfigException e) {
            if (chosen != null) chosen.release();
            RoleLauncher.exitOnBadConfig(PROGRAM, e);
            return;
        }
        DataDir data = chosen;

        EmbeddedKafka kafka = null;
        Vertx vertx = null;
        Ingress ingress;
        Egress egress;
        try {
            if (!config.kafka().hasBootstrapServers()) {
                kafka = new EmbeddedKafka(cli.intOption("kafka-port", 9092), data.kafka(), Map.of()).start();
                config = config.withBootstrapServers(kafka.bootstrapServers());
            }
            Metrics metrics = new Metrics("standalone");
            vertx = metrics.newVertx(new VertxOptions());
            egress = Egress.start(vertx, config, metrics).await(120, TimeUnit.SECONDS);
            ingress = Ingress.start(vertx, config, metrics).await(60, TimeUnit.SECONDS);
        } catch (ConfigException e) {
            abandon(vertx, kafka, data);
            RoleLauncher.exitOnBadConfig(PROGRAM, e);
            return;
        } catch (Exception e) {
            // A port already taken (the broker's 9092, the ingress's 8080, ...), egress.stateDir held by another
            // instance: say so and exit 1, everything stopped and a temporary data dir gone.
            abandon(vertx, kafka, data);
            RoleLauncher.exitAfterFailedStart(PROGRAM, e, null);
            return;
        }
        Vertx running = vertx;
        EmbeddedKafka broker = kafka;
        // The same stop as a role run alone (exit 0 after a clean SIGTERM), then the embedded broker.
        GracefulStop.install(PROGRAM, () -> {
            try {
                ingress.stop().eventually(egress::stop).await(60, TimeUnit.SECONDS);
                // Closed apart from the chain above: a future chained on an event loop cannot complete once
                // that loop is gone.
                running.close().await(10, TimeUnit.SECONDS);
            } finally {
                if (broker != null) broker.close();
                data.release();
            }
        });
        printBanner(config, ingress, egress, kafka, data, config.egress().adminToken().value().equals(generatedToken));
    }

    /** After a failed start: Vert.x and the broker stopped, a temporary data dir deleted. */
    private static void abandon(Vertx vertx, EmbeddedKafka kafka, DataDir data) {
        try {
            if (vertx != null) vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // exiting anyway
        }
        if (kafka != null) kafka.close();
        data.release();
    }

    private static Map<String, String> usageOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("--config FILE", "a config file instead of the demo config (or HOOKBRIDGE_CONFIG); "
                + "KAFKA_BOOTSTRAP_SERVERS or kafka.bootstrapServers names a broker to use instead of the embedded one");
        options.put("--data-dir DIR", "keeps the embedded broker's data (DIR/kafka) and the egress's local state "
                + "(DIR/streams) there; default: a new temporary directory, deleted on exit");
        options.put("--kafka-port N", "the embedded broker's port (default 9092)");
        options.put("--ingress-port N", "the ingress's port (default: ingress.port, 8080)");
        options.put("--egress-port N", "the egress's port, the admin API (default: egress.port, 8081)");
        return options;
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

    /** The ports of the command line, and the egress's Kafka Streams state under the data dir. */
    private static HookbridgeConfig withPortsAndState(HookbridgeConfig config, CommandLine cli, DataDir data) {
        EgressConfig egress = config.egress().withPort(cli.intOption("egress-port", config.egress().port()))
                .withStateDir(data.streams());
        return new HookbridgeConfig(config.kafka(), config.topics(),
                config.ingress().withPort(cli.intOption("ingress-port", config.ingress().port())), egress);
    }

    /** @param showToken whether the admin token is the one this run made up (one from a config or the environment stays unprinted) */
    private static void printBanner(HookbridgeConfig config, Ingress ingress, Egress egress, EmbeddedKafka kafka,
                                    DataDir data, boolean showToken) {
        StringBuilder out = new StringBuilder("\nhookbridge standalone is running\n");
        out.append("  ingress  http://127.0.0.1:").append(ingress.port()).append("/webhooks/{source}   sources: ")
                .append(config.ingress().sources().keySet()).append('\n');
        out.append("           http://127.0.0.1:").append(ingress.port()).append("/health/ready   /metrics\n");
        out.append("  egress   http://127.0.0.1:").append(egress.port()).append("/api/v1/subscriptions")
                .append("   (Authorization: Bearer ")
                .append(showToken ? config.egress().adminToken().value() : "<egress.adminToken of your config>")
                .append(")\n");
        out.append("           http://127.0.0.1:").append(egress.port()).append("/ui   dashboard (log in with the same token);")
                .append(" /ui/api   the API's reference\n");
        out.append("  kafka    ").append(config.kafka().bootstrapServers())
                .append(kafka != null ? "   (embedded)" : "").append('\n');
        out.append("  data     ").append(data.root())
                .append(data.temporary() ? "   (temporary: deleted on exit; --data-dir keeps it)" : "").append('\n');
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
