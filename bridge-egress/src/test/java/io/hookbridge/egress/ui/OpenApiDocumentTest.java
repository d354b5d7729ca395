package io.hookbridge.egress.ui;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document and the admin router agree: every operation the router serves under /api/v1 is in
 * the document, and every operation in the document is served. Read from the router's own route table,
 * so a route added without its documentation (or documented and never built) fails here.
 */
class OpenApiDocumentTest {

    private static final Vertx VERTX = Vertx.vertx();

    @AfterAll
    static void close() {
        VERTX.close();
    }

    @Test
    void documentsEveryRouteTheAdminRouterServesAndNothingElse() {
        assertThat(documented()).isEqualTo(served()).isNotEmpty();
    }

    @Test
    void isOpenApi31WithTheBearerTokenOnEveryOperationButItself() {
        JsonObject doc = document();
        assertThat(doc.getString("openapi")).startsWith("3.1.");
        assertThat(doc.getJsonObject("components").getJsonObject("securitySchemes").getJsonObject("adminToken")
                .getString("scheme")).isEqualTo("bearer");
        assertThat(doc.getJsonArray("security").getJsonObject(0).containsKey("adminToken")).isTrue();
        JsonObject self = doc.getJsonObject("paths").getJsonObject(Dashboard.OPENAPI_PATH).getJsonObject("get");
        assertThat(self.getJsonArray("security")).isEmpty();
    }

    /** "GET /api/v1/subscriptions/:id" for each method of each route with a path under /api/v1. */
    private static Set<String> served() {
        Router router = Router.router(VERTX);
        new Dashboard().mount(router);
        AdminApis.mountWithoutBackends(router);
        Set<String> operations = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            String path = route.getPath();
            if (path == null || !path.startsWith("/api/v1/") || route.methods() == null) continue;
            route.methods().forEach(m -> operations.add(m.name() + " " + path));
        }
        return operations;
    }

    private static Set<String> documented() {
        Set<String> operations = new TreeSet<>();
        JsonObject paths = document().getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            String routerPath = path.replaceAll("\\{([^}]+)}", ":$1");
            for (String key : paths.getJsonObject(path).fieldNames()) {
                if (key.equals("parameters") || key.equals("summary") || key.equals("description")) continue;
                operations.add(key.toUpperCase(Locale.ROOT) + " " + routerPath);
            }
        }
        return operations;
    }

    private static JsonObject document() {
        return new JsonObject(new String(Dashboard.openApiDocument(), java.nio.charset.StandardCharsets.UTF_8));
    }
}
