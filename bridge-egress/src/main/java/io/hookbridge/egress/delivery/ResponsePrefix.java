package io.hookbridge.egress.delivery;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;

/**
 * A response body codec that keeps the first {@code limit} bytes and reads past the rest: an attempt's
 * record shows the start of what the receiver answered, and a large answer costs no memory.
 */
final class ResponsePrefix implements BodyStream<byte[]> {

    static final BodyCodec<byte[]> CODEC = () -> new ResponsePrefix(Outcome.BODY_PREFIX_BYTES);

    private final int limit;
    private final Promise<byte[]> result = Promise.promise();
    private Buffer kept;

    private ResponsePrefix(int limit) {
        this.limit = limit;
    }

    @Override
    public Future<Void> write(Buffer data) {
        int have = kept == null ? 0 : kept.length();
        if (have < limit) {
            Buffer part = data.length() <= limit - have ? data : data.getBuffer(0, limit - have);
            if (kept == null) {
                kept = part.copy();
            } else {
                kept.appendBuffer(part);
            }
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> end() {
        result.tryComplete(kept == null ? new byte[0] : kept.getBytes());
        return Future.succeededFuture();
    }

    @Override
    public void handle(Throwable failure) {
        result.tryFail(failure);
    }

    @Override
    public Future<byte[]> result() {
        return result.future();
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        return this;
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
        return this;
    }

    @Override
    public boolean writeQueueFull() {
        return false;
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        return this;
    }
}
