package io.hookbridge.ingress;

import io.hookbridge.common.config.ConfigValidator;
import io.hookbridge.common.launch.RoleLauncher;

/** {@code java -jar hookbridge-ingress.jar --config FILE}: the ingress role alone. */
public final class IngressMain {

    private IngressMain() {
    }

    public static void main(String[] args) throws Exception {
        RoleLauncher.run("ingress", args, ConfigValidator::requireBootstrapServers, Ingress.VERTX_METRICS_OFF, Ingress::start);
    }
}
