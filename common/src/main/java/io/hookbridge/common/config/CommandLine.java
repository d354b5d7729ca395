package io.hookbridge.common.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code --name value} options of the role mains; {@code --config} falls back to HOOKBRIDGE_CONFIG. */
public final class CommandLine {

    private final Map<String, String> options;

    private CommandLine(Map<String, String> options) {
        this.options = options;
    }

    /** @param known option names without dashes, e.g. {@code config}, {@code kafka-port} */
    public static CommandLine parse(String[] args, Set<String> known) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || !known.contains(arg.substring(2))) {
                throw new ConfigException(arg, "unknown option (known: --" + String.join(", --", known) + ")");
            }
            if (i + 1 >= args.length) {
                throw new ConfigException(arg, "needs a value");
            }
            options.put(arg.substring(2), args[++i]);
        }
        return new CommandLine(options);
    }

    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    public int intOption(String name, int fallback) {
        String value = options.get(name);
        if (value == null) return fallback;
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ConfigException("--" + name, "'" + value + "' is not a number");
        }
    }

    /** The config file from {@code --config} or HOOKBRIDGE_CONFIG, if either is given. */
    public Optional<Path> configFile(Map<String, String> env) {
        return option("config").or(() -> Optional.ofNullable(env.get("HOOKBRIDGE_CONFIG"))).map(Path::of);
    }
}
