package io.hookbridge.common.metrics;

import io.hookbridge.common.vertx.VertxTransport;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.micrometer.MetricsDomain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsTest {

    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = "amd64")
    void vertxRunsOnEpollWhereTheRolesShipItsLibrary() throws Exception {
        Vertx vertx = new Metrics("test").newVertx(new VertxOptions());
        try {
            assertThat(vertx.isNativeTransportEnabled()).isTrue();
            assertThat(VertxTransport.best().name()).isEqualTo("epoll");
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aDisabledDomainLeavesNoMetersButTheOthersStay() throws Exception {
        Metrics metrics = new Metrics("test");
        Vertx vertx = metrics.newVertx(new VertxOptions(), Set.of(MetricsDomain.HTTP_SERVER));
        try {
            int port = vertx.createHttpServer().requestHandler(r -> r.response().end("ok")).listen(0, "127.0.0.1")
                    .await(10, TimeUnit.SECONDS).actualPort();
            HttpClient client = vertx.createHttpClient();
            String body = client.request(HttpMethod.GET, port, "127.0.0.1", "/")
                    .compose(req -> req.send().compose(response -> response.body()))
                    .await(10, TimeUnit.SECONDS).toString();
            assertThat(body).isEqualTo("ok");
            assertThat(metrics.scrape()).doesNotContain("vertx_http_server_").contains("vertx_http_client_");
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
