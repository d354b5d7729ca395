package io.hookbridge.egress.ui;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What the dashboard's routes serve from the jar, over real HTTP (the browser tests use them as a user does). */
class DashboardRoutesTest {

    private static final Vertx VERTX = Vertx.vertx();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        Router router = Router.router(VERTX);
        new Dashboard().mount(router);
        HttpServer server = VERTX.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
        port = server.actualPort();
    }

    @AfterAll
    static void stop() {
        VERTX.close();
    }

    @Test
    void theOpenApiDocumentNeedsNoToken() throws Exception {
        HttpResponse<String> r = get(Dashboard.OPENAPI_PATH);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(r.body()).contains("\"openapi\": \"3.1.0\"");
    }

    @Test
    void theDashboardIsServedWithAPolicyThatRunsOnlyItsOwnScripts() throws Exception {
        assertThat(get("/ui").statusCode()).isEqualTo(301);
        assertThat(get("/ui").headers().firstValue("location")).hasValue("/ui/");
        HttpResponse<String> page = get("/ui/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script type=\"module\" src=\"/ui/js/app.js\">");
        assertThat(page.headers().firstValue("content-security-policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-eval"));
        assertThat(get("/ui/api").headers().firstValue("location")).hasValue("/ui/api/");
        assertThat(get("/ui/api/").body()).contains("/ui/lib/swagger-ui/swagger-ui-bundle.js");
    }

    @Test
    void webJarsAreServedByNameFromTheClasspath() throws Exception {
        assertThat(get("/ui/lib/uplot/dist/uPlot.esm.js").statusCode()).isEqualTo(200);
        assertThat(get("/ui/lib/swagger-ui/swagger-ui-bundle.js").statusCode()).isEqualTo(200);
        assertThat(get("/ui/lib/uplot/nothing.js").statusCode()).isEqualTo(404);
        assertThat(get("/ui/lib/swagger-ui/../../../../io/hookbridge/egress/ui/openapi.json").statusCode()).isNotEqualTo(200);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
