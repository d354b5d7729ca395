package io.hookbridge.egress.ui;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import org.webjars.WebJarVersionLocator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The egress's browser-facing files, all from the jar (no CDN, works offline):
 * <pre>
 *   GET /api/v1/openapi.json   the admin API's OpenAPI 3.1 document (no token: it describes, it holds no data)
 *   GET /ui                    the dashboard (static HTML + JS modules; it calls the admin API with the token
 *                              the operator types in, kept in the tab's sessionStorage)
 *   GET /ui/api                Swagger UI on the document above
 *   GET /ui/lib/{webjar}/...   the WebJars the pages use, by name only (the locator knows the version)
 * </pre>
 * Mount it before the admin API: the document's route must answer before the admin API's token check.
 */
public final class Dashboard {

    public static final String OPENAPI_PATH = "/api/v1/openapi.json";
    static final String WEBROOT = "ui";
    /** The WebJars the pages load; each is served under /ui/lib/{name}/. */
    static final List<String> WEBJARS = List.of("swagger-ui", "uplot");
    /**
     * The pages show what receivers answered (response bodies, headers): they only ever set it as text, and
     * this policy keeps any script but our own from running. Swagger UI needs inline styles, nothing more.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'";

    private final Buffer openapi = Buffer.buffer(openApiDocument());

    public void mount(Router router) {
        router.get(OPENAPI_PATH).handler(ctx -> ctx.response()
                .putHeader("content-type", "application/json")
                .putHeader("cache-control", "no-cache")
                .end(openapi));
        router.get("/ui").handler(ctx -> redirect(ctx, "/ui/"));
        router.get("/ui/api").handler(ctx -> redirect(ctx, "/ui/api/"));
        router.route("/ui/*").handler(Dashboard::securityHeaders);
        WebJarVersionLocator locator = new WebJarVersionLocator();
        for (String name : WEBJARS) {
            String version = locator.version(name);
            if (version == null) throw new IllegalStateException("WebJar " + name + " is not on the classpath");
            router.get("/ui/lib/" + name + "/*").handler(StaticHandler.create(
                    WebJarVersionLocator.WEBJARS_PATH_PREFIX + "/" + name + "/" + version));
        }
        // Our own files change with each release under the same names: the browser asks again every time.
        router.get("/ui/*").handler(StaticHandler.create(WEBROOT).setIndexPage("index.html").setCachingEnabled(false));
    }

    private static void securityHeaders(RoutingContext ctx) {
        ctx.response().putHeader("content-security-policy", CONTENT_SECURITY_POLICY)
                .putHeader("x-content-type-options", "nosniff")
                .putHeader("referrer-policy", "no-referrer");
        ctx.next();
    }

    /** To the folder's index; a route of "/ui" matches "/ui/" too, which goes on to the files. */
    private static void redirect(RoutingContext ctx, String to) {
        if (ctx.request().path().endsWith("/")) {
            ctx.next();
        } else {
            ctx.response().setStatusCode(301).putHeader("location", to).end();
        }
    }

    /** The OpenAPI document as packed in the jar (beside this class, so that only its route serves it). */
    public static byte[] openApiDocument() {
        try (InputStream in = Dashboard.class.getResourceAsStream("openapi.json")) {
            if (in == null) throw new IllegalStateException("openapi.json is missing from the jar");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
