package io.hookbridge.common.launch;

import sun.misc.Signal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a role's graceful stop exactly once, on SIGTERM or SIGINT or on any other JVM exit. A stop that a
 * signal asked for ends the process with 0 when it was clean (1 otherwise): a JVM left to its default
 * signal handling exits 143 even after a clean stop, and orchestrators and shells read that as a failure.
 */
public final class GracefulStop {

    /** The stop itself; throws when it could not finish cleanly. */
    public interface Action {
        void run() throws Exception;
    }

    private final String program;
    private final Action action;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CompletableFuture<Boolean> clean = new CompletableFuture<>();

    private GracefulStop(String program, Action action) {
        this.program = program;
        this.action = action;
    }

    public static void install(String program, Action action) {
        GracefulStop stop = new GracefulStop(program, action);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::once, program + "-shutdown"));
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), signal -> stop.andExit());
            } catch (IllegalArgumentException unavailable) {
                // This platform does not let us take the signal: the shutdown hook still stops the role.
            }
        }
    }

    /** On the JVM's signal thread: stop, then exit; the shutdown hooks that exit runs find the stop done. */
    private void andExit() {
        System.exit(once() ? 0 : 1);
    }

    private boolean once() {
        if (started.compareAndSet(false, true)) {
            try {
                action.run();
                clean.complete(true);
            } catch (Exception e) {
                System.err.println(program + ": unclean stop: " + e);
                clean.complete(false);
            }
        }
        return clean.join();
    }
}
