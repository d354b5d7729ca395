package io.hookbridge.common.launch;

import io.hookbridge.common.config.CommandLine;
import io.hookbridge.common.config.ConfigException;
import io.hookbridge.common.config.ConfigLoader;
import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MetricsDomain;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The main of a role run alone ({@code java -jar hookbridge-<role>.jar --config FILE}): load and check the
 * config (exit 2 naming the key when it is bad), start (exit 1 saying why when it cannot), and stop gracefully
 * on SIGTERM (exit 0 when clean).
 */
public final class RoleLauncher {

    /** The exit code when the config is fine but the role cannot start (a port taken, Kafka unreachable for the egress). */
    public static final int START_FAILED = 1;

    private static final Map<String, String> SYNOPSIS = Map.of(
            "ingress", "the ingress role: receives webhooks, verifies their signatures and writes them to Kafka",
            "egress", "the egress role: dedupes and normalizes webhooks into CloudEvents, delivers them to "
                    + "subscribers and serves the admin API");

    /** Starts a role on a Vert.x instance. */
    public interface Starter {
        Future<? extends RunningRole> start(Vertx vertx, HookbridgeConfig config, Metrics metrics);
    }

    private RoleLauncher() {
    }

    /**
     * @param vertxMetricsOff Vert.x metrics the role does without, where its own meters count the same thing per
     *                        request ({@code Ingress.VERTX_METRICS_OFF}, {@code Egress.VERTX_METRICS_OFF})
     */
    public static void run(String role, String[] args, Consumer<HookbridgeConfig> checks, Set<MetricsDomain> vertxMetricsOff,
                           Starter starter) throws Exception {
        Map<String, String> env = System.getenv();
        HookbridgeConfig config;
        try {
            CommandLine cli = CommandLine.parse(args, Set.of("config"));
            Optional<String> answer = usage(role).answer(cli);
            if (answer.isPresent()) {
                System.out.println(answer.get());
                return;
            }
            config = ConfigLoader.load(cli.configFile(env)
                    .orElseThrow(() -> new ConfigException("--config", "missing (or set HOOKBRIDGE_CONFIG)")), env);
            checks.accept(config);
        } catch (ConfigException e) {
            exitOnBadConfig("hookbridge-" + role, e);
            return;
        }
        Metrics metrics = new Metrics(role);
        Vertx vertx = metrics.newVertx(new VertxOptions(), vertxMetricsOff);
        RunningRole running;
        try {
            running = starter.start(vertx, config, metrics).await(120, TimeUnit.SECONDS);
        } catch (ConfigException e) {
            exitOnBadConfig("hookbridge-" + role, e);
            return;
        } catch (Exception e) {
            exitAfterFailedStart("hookbridge-" + role, e, vertx);
            return;
        }
        GracefulStop.install("hookbridge-" + role, () -> {
            try {
                running.stop().await(30, TimeUnit.SECONDS);
            } finally {
                // Closed apart from stop(): a future chained on an event loop cannot complete once it is gone.
                vertx.close().await(10, TimeUnit.SECONDS);
            }
        });
    }

    static Usage usage(String role) {
        return new Usage("hookbridge-" + role, SYNOPSIS.getOrDefault(role, "the " + role + " role"), Map.of(
                "--config FILE", "the config file (default: the HOOKBRIDGE_CONFIG environment variable)"));
    }

    /**
     * Says why and exits {@value #START_FAILED}. Without this the JVM would stay up on Vert.x's and Kafka's
     * threads after main threw, neither serving nor exiting, and no orchestrator would restart it.
     */
    public static void exitAfterFailedStart(String program, Exception e, Vertx vertx) {
        System.err.println(program + ": could not start: " + e);
        try {
            if (vertx != null) vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // exiting anyway
        } finally {
            System.exit(START_FAILED);
        }
    }

    public static void exitOnBadConfig(String program, ConfigException e) {
        System.err.println(program + ": configuration error: " + e.getMessage());
        System.exit(ConfigException.EXIT_CODE);
    }
}
