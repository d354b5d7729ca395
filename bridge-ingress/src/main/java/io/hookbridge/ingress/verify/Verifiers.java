package io.hookbridge.ingress.verify;

import io.hookbridge.common.config.ConfigException;
import io.hookbridge.common.config.SourceConfig;

/** Builds the verifier a source's configuration names. */
public final class Verifiers {

    private Verifiers() {
    }

    public static Verifier forSource(String name, SourceConfig source) {
        switch (source.verifier()) {
            case "github":
                return new GithubVerifier(source.secrets());
            default:
                throw new ConfigException("ingress.sources." + name + ".verifier",
                        "verifier '" + source.verifier() + "' is not available in this build");
        }
    }
}
