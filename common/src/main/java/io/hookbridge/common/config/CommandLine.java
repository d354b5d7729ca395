package io.hookbridge.common.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code --name value} options of the role mains; {@code --config} falls back to HOOKBRIDGE_CONFIG. The flags
 * {@code --help} ({@code -h}) and {@code --version} take no value and win over everything else on the line.
 */
public final class CommandLine {

    public static final String HELP = "help";
    public static final String VERSION = "version";

    private final Map<String, String> options;
    private final Set<String> flags;

    private CommandLine(Map<String, String> options, Set<String> flags) {
        this.options = options;
        this.flags = flags;
    }

    /** @param known option names without dashes, e.g. {@code config}, {@code kafka-port} */
    public static CommandLine parse(String[] args, Set<String> known) {
        List<String> all = List.of(args);
        if (all.contains("--help") || all.contains("-h")) return new CommandLine(Map.of(), Set.of(HELP));
        if (all.contains("--version")) return new CommandLine(Map.of(), Set.of(VERSION));
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || !known.contains(arg.substring(2))) {
                Set<String> names = new TreeSet<>(known);
                names.add(HELP);
                names.add(VERSION);
                throw new ConfigException(arg, "unknown option (known: --" + String.join(", --", names) + ")");
            }
            if (i + 1 >= args.length) {
                throw new ConfigException(arg, "needs a value");
            }
            options.put(arg.substring(2), args[++i]);
        }
        return new CommandLine(options, Set.of());
    }

    /** True for {@link #HELP} or {@link #VERSION} when the command line asked for it. */
    public boolean has(String flag) {
        return flags.contains(flag);
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
