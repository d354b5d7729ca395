package io.hookbridge.common.launch;

import io.vertx.core.Future;

/** A started ingress or egress. */
public interface RunningRole {

    /** Graceful stop: stop accepting, finish what is in flight, flush and commit, close. */
    Future<Void> stop();
}
