package io.hookbridge.ingress.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads the request body as the raw bytes that were sent, up to {@code maxBodyBytes} (413 beyond, and at
 * once when Content-Length already says so). Unlike Vert.x Web's BodyHandler it never decodes a form or a
 * multipart body (which would consume the bytes a signature is computed over, leaving an empty body).
 * The body is left in the context under {@link #KEY}.
 */
final class RawBodyHandler implements Handler<RoutingContext> {

    static final String KEY = "hookbridge.rawBody";
    private final long limit;

    RawBodyHandler(long limit) {
        this.limit = limit;
    }

    static byte[] body(RoutingContext ctx) {
        Buffer body = ctx.get(KEY);
        return body == null ? new byte[0] : body.getBytes();
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        long declared = contentLength(request);
        if (declared > limit) {
            ctx.fail(413);
            return;
        }
        if (request.version() == HttpVersion.HTTP_1_1 && "100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            ctx.response().writeContinue();
        }
        if (request.isEnded()) {
            // The router pauses a request until its handlers run; ended already means there was no body.
            ctx.put(KEY, Buffer.buffer());
            ctx.next();
            return;
        }
        Buffer body = Buffer.buffer((int) Math.max(0, Math.min(declared, 64 * 1024)));
        boolean[] failed = {false};
        request.exceptionHandler(ctx::fail);
        request.handler(chunk -> {
            if (failed[0]) return;
            if (body.length() + chunk.length() > limit) {
                failed[0] = true;
                ctx.fail(413);
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(v -> {
            if (failed[0]) return;
            ctx.put(KEY, body);
            ctx.next();
        });
        request.resume();
    }

    /** The declared length, or -1 when absent or not a number (chunked bodies are counted as they arrive). */
    private static long contentLength(HttpServerRequest request) {
        String value = request.getHeader("Content-Length");
        if (value == null || value.isEmpty() || value.length() > 18) return -1;
        long n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') return -1;
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
