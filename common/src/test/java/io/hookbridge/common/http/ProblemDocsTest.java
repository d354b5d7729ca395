package io.hookbridge.common.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/errors.md and the catalogue in code name the same problem types, and each role serves their docs. */
class ProblemDocsTest {

    private static final ProblemDocs DOCS = ProblemDocs.load();
    private static Vertx vertx;
    private static HttpServer server;

    @BeforeAll
    static void serve() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        DOCS.mount(router);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    }

    @AfterAll
    static void stop() {
        vertx.close().await();
    }

    @Test
    void everyCatalogueTypeIsDocumentedAndEveryDocumentedTypeIsInTheCatalogue() {
        assertThat(DOCS.bySlug.keySet()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(ProblemType.values()).map(ProblemType::slug).collect(Collectors.toList()));
    }

    @Test
    void theDocumentedStatusIsTheCatalogues() {
        for (ProblemType type : ProblemType.values()) {
            assertThat(DOCS.bySlug.get(type.slug()).lines())
                    .as(type.slug()).allMatch(row -> row.startsWith("- " + type.status() + ": "));
        }
    }

    @Test
    void typeUrisAreRelativeAndPointAtTheDocsRoute() throws Exception {
        HttpResponse<String> docs = get(ProblemType.KAFKA_UNAVAILABLE.with("x").type());
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.headers().firstValue("content-type")).hasValue("text/markdown; charset=utf-8");
        assertThat(docs.body()).startsWith("# `kafka-unavailable`")
                .contains("ingress.ackTimeout").contains("(egress admin API)");
    }

    @Test
    void anUnknownSlugIsANotFoundProblem() throws Exception {
        HttpResponse<String> reply = get("/problems/no-such-thing");
        assertThat(reply.statusCode()).isEqualTo(404);
        assertThat(reply.headers().firstValue("content-type")).hasValue(Problem.CONTENT_TYPE);
        assertThat(new JsonObject(reply.body()).getString("type")).isEqualTo("/problems/not-found");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
