package io.hookbridge.egress;

import io.hookbridge.common.config.ConfigValidator;
import io.hookbridge.common.launch.RoleLauncher;
import io.hookbridge.egress.config.EgressConfigRules;

/** {@code java -jar hookbridge-egress.jar --config FILE}: the egress role alone. */
public final class EgressMain {

    private EgressMain() {
    }

    public static void main(String[] args) throws Exception {
        RoleLauncher.run("egress", args, config -> {
            ConfigValidator.requireBootstrapServers(config);
            EgressConfigRules.requireAdminToken(config);
            EgressConfigRules.requireSecretsKey(config);
        }, Egress.VERTX_METRICS_OFF, Egress::start);
    }
}
