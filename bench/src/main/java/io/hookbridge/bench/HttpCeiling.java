package io.hookbridge.bench;

import io.hookbridge.common.vertx.VertxTransport;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * {@code HttpCeiling PORT}: the fastest Vert.x answer to a POST, one server per core. It reads the whole
 * body and answers 200: what HTTP alone costs on this machine, with the same client and body.
 */
public final class HttpCeiling extends VerticleBase {

    private static final Buffer OK = Buffer.buffer("{\"ok\":true}");
    private final int port;

    HttpCeiling(int port) {
        this.port = port;
    }

    @Override
    public Future<?> start() {
        return vertx.createHttpServer()
                .requestHandler(req -> req.body().onSuccess(body -> req.response()
                        .putHeader("content-type", "application/json").end(OK)))
                .listen(port, "127.0.0.1");
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        // The transport the roles run on, so that the comparison is like for like.
        Vertx vertx = Vertx.builder().withTransport(VertxTransport.best()).build();
        vertx.deployVerticle(() -> new HttpCeiling(port),
                        new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()))
                .onSuccess(id -> System.out.println("READY"));
    }
}
