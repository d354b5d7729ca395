package io.hookbridge.ingress;

import io.hookbridge.common.config.ConfigLoader;
import io.hookbridge.common.config.HookbridgeConfig;
import io.hookbridge.common.metrics.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A real ingress on a free port, for tests: its own Vert.x, and a plain HTTP/1.1 client pointed at it. */
public final class RunningIngress implements AutoCloseable {

    private final Vertx vertx;
    private final Ingress ingress;
    private final HookbridgeConfig config;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private RunningIngress(Vertx vertx, Ingress ingress, HookbridgeConfig config) {
        this.vertx = vertx;
        this.ingress = ingress;
        this.config = config;
    }

    public static RunningIngress start(String yaml, Map<String, String> env) throws Exception {
        HookbridgeConfig config = ConfigLoader.parse(yaml, env);
        Metrics metrics = new Metrics("ingress-test");
        Vertx vertx = metrics.newVertx(new VertxOptions(), Ingress.VERTX_METRICS_OFF);
        Ingress ingress = Ingress.start(vertx, config, metrics).await(60, TimeUnit.SECONDS);
        return new RunningIngress(vertx, ingress, config);
    }

    public HookbridgeConfig config() {
        return config;
    }

    public Ingress ingress() {
        return ingress;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + ingress.port() + path);
    }

    /** @param headers name, value, name, value, ... (a null value leaves the header out) */
    public HttpResponse<String> post(String source, byte[] body, String... headers) throws Exception {
        return postAsync(source, body, headers).get(30, TimeUnit.SECONDS);
    }

    public HttpResponse<String> post(String source, String body, String... headers) throws Exception {
        return post(source, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), headers);
    }

    public CompletableFuture<HttpResponse<String>> postAsync(String source, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/webhooks/" + source))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i + 1] != null) request.header(headers[i], headers[i + 1]);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        try {
            ingress.stop().await(30, TimeUnit.SECONDS);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
