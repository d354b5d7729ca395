package io.hookbridge.common.config;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Expands {@code ${VAR}} and {@code ${VAR:-default}} in configuration values. */
final class EnvExpander {

    private static final Pattern REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

    private final Map<String, String> env;

    EnvExpander(Map<String, String> env) {
        this.env = env;
    }

    /** @param key where the value stands, for the error message */
    String expand(String key, String value) {
        Matcher m = REF.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String resolved = env.get(name);
            if (resolved == null || (resolved.isEmpty() && m.group(2) != null)) {
                if (m.group(2) == null) {
                    throw new ConfigException(key, "environment variable " + name + " is not set");
                }
                resolved = m.group(3);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        m.appendTail(out);
        return out.toString();
    }
}
