package io.hookbridge.common.launch;

import io.hookbridge.common.config.CommandLine;
import org.apache.kafka.common.utils.AppInfoParser;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** What {@code --help} and {@code --version} print for one of the jars. */
public final class Usage {

    private final String program;
    private final String synopsis;
    private final Map<String, String> options;

    /**
     * @param program  the jar's name without {@code .jar}, e.g. {@code hookbridge-ingress}
     * @param synopsis one line on what the program is
     * @param options  option with its argument ({@code --config FILE}) to what it does, in the order shown
     */
    public Usage(String program, String synopsis, Map<String, String> options) {
        this.program = program;
        this.synopsis = synopsis;
        this.options = new LinkedHashMap<>(options);
        this.options.put("--help", "print this text and exit");
        this.options.put("--version", "print the version and exit");
    }

    /** The text to print (then exit 0) when the command line asks for help or the version; empty otherwise. */
    public Optional<String> answer(CommandLine cli) {
        if (cli.has(CommandLine.HELP)) return Optional.of(help());
        if (cli.has(CommandLine.VERSION)) return Optional.of(version());
        return Optional.empty();
    }

    public String help() {
        int width = options.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder out = new StringBuilder(program).append(": ").append(synopsis).append("\n\n")
                .append("Usage: java [JVM options] -jar ").append(program).append(".jar [options]\n\nOptions:\n");
        options.forEach((option, what) -> out.append("  ").append(option)
                .append(" ".repeat(width - option.length() + 2)).append(what).append('\n'));
        out.append("""

                Exit codes: 0 stopped cleanly (SIGTERM or Ctrl-C), 1 could not start or stop cleanly, \
                2 bad configuration (the message names the key).
                Every config key: docs/configuration.md. Running it: docs/operations.md.""");
        return out.toString();
    }

    public String version() {
        return program + " " + hookbridgeVersion() + " (Kafka " + AppInfoParser.getVersion() + ", Java "
                + Runtime.version() + ")";
    }

    /** The version Maven built the jar with; classes run from a build directory have none. */
    static String hookbridgeVersion() {
        try (InputStream in = Usage.class.getResourceAsStream(
                "/META-INF/maven/io.hookbridge/hookbridge-common/pom.properties")) {
            if (in == null) return "(development build)";
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "(unknown version)");
        } catch (IOException e) {
            return "(unknown version)";
        }
    }
}
