package io.hookbridge.common.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Port 0 in a config means "any free port": resolved once, before every verticle binds the same one. */
public final class Ports {

    private Ports() {
    }

    public static int resolve(int configured) {
        if (configured != 0) return configured;
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
