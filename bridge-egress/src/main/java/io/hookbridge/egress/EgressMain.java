package io.hookbridge.egress;

import io.hookbridge.common.config.ConfigValidator;
import io.hookbridge.common.launch.RoleLauncher;

import java.util.Set;

/** {@code java -jar hookbridge-egress.jar --config FILE}: the egress role alone. */
public final class EgressMain {

    private EgressMain() {
    }

    public static void main(String[] args) throws Exception {
        RoleLauncher.run("egress", args, config -> {
            ConfigValidator.requireBootstrapServers(config);
            ConfigValidator.requireAdminToken(config);
        }, Set.of(), Egress::start);
    }
}
