package io.hookbridge.common.vertx;

import io.vertx.core.transport.Transport;

/**
 * The network transport every hookbridge Vert.x runs on: the platform's native one (epoll on Linux, whose
 * libraries the role jars carry) when it loads, else NIO. Named explicitly because Vert.x 5's
 * {@code Vertx.builder()} ignores {@code VertxOptions.setPreferNativeTransport}.
 */
public final class VertxTransport {

    private VertxTransport() {
    }

    public static Transport best() {
        Transport nativeTransport = Transport.nativeTransport();
        return nativeTransport != null && nativeTransport.available() ? nativeTransport : Transport.NIO;
    }
}
