package io.hookbridge.common.config;

/**
 * A configuration that cannot run. The message always starts with the key at fault
 * ({@code ingress.sources.github.secrets[0]: ...}) so an operator knows what to fix.
 */
public final class ConfigException extends RuntimeException {

    /** The exit code of a process that stops on a bad configuration. */
    public static final int EXIT_CODE = 2;

    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
    }
}
