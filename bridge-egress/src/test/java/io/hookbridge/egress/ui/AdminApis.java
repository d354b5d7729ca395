package io.hookbridge.egress.ui;

import io.hookbridge.egress.admin.AdminApi;
import io.hookbridge.egress.attempts.AttemptQueries;
import io.vertx.ext.web.Router;

/** The admin API's routes on a router, without the stores behind them: for reading the route table only. */
final class AdminApis {

    private AdminApis() {
    }

    static void mountWithoutBackends(Router router) {
        new AdminApi(null, null, null, null, null, null, null)
                .withDeliveryLog(new AttemptQueries(null), null, null, null, () -> null)
                .mount(router);
    }
}
