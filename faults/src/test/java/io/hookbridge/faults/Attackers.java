package io.hookbridge.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Unauthenticated clients that misbehave on purpose over plain sockets: slow bodies near the size limit,
 * connections that send nothing, half a head, half a body and then FIN, and endless chunked uploads. Each
 * attacker reconnects after a second when the ingress cuts it off, as a determined one would.
 */
final class Attackers implements AutoCloseable {

    private final int port;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean counting = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final List<Socket> parked = new ArrayList<>();
    /** The first line of each answer the attackers got (e.g. "503"), or "cut" when the connection was closed unanswered. */
    final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
    final AtomicLong connections = new AtomicLong();
    final AtomicLong uploadBytes = new AtomicLong();

    Attackers(int port) {
        this.port = port;
    }

    /**
     * Slow bodies: each declares {@code declared} bytes with a forged signature, sends all but the last 576 at
     * once, then one byte every 3 s, then starts over when cut off.
     */
    Attackers slowBodies(int count, int declared) {
        for (int i = 0; i < count; i++) {
            String head = "POST /webhooks/github HTTP/1.1\r\nHost: x\r\nX-GitHub-Delivery: hostile-slow-" + i
                    + "\r\nX-GitHub-Event: push\r\nX-Hub-Signature-256: sha256=" + "0".repeat(64)
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + declared + "\r\n\r\n";
            start("slow-body-" + i, () -> {
                Socket socket = connect();
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(head.getBytes(StandardCharsets.US_ASCII));
                    byte[] piece = new byte[65_536];
                    java.util.Arrays.fill(piece, (byte) 'a');
                    for (int sent = 0; sent < declared - 576; sent += piece.length) {
                        out.write(piece, 0, Math.min(piece.length, declared - 576 - sent));
                    }
                    while (running.get()) {
                        LockSupport.parkNanos(3_000_000_000L);
                        out.write('a');
                        out.flush();
                    }
                } catch (IOException cutOff) {
                    // answered and closed, or reset
                } finally {
                    recordAnswer(socket);
                }
            });
        }
        return this;
    }

    /** Endless chunked uploads: the ingress must answer 413 after maxBodyBytes and stop reading. */
    Attackers chunkedUploads(int count) {
        byte[] chunk = ("10000\r\n" + "a".repeat(65_536) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < count; i++) {
            String head = "POST /webhooks/github HTTP/1.1\r\nHost: x\r\nX-GitHub-Delivery: hostile-upload-" + i
                    + "\r\nX-Hub-Signature-256: sha256=" + "0".repeat(64) + "\r\nTransfer-Encoding: chunked\r\n\r\n";
            start("upload-" + i, () -> {
                Socket socket = connect();
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(head.getBytes(StandardCharsets.US_ASCII));
                    while (running.get()) {
                        out.write(chunk);
                        uploadBytes.addAndGet(65_536);
                    }
                } catch (IOException cutOff) {
                    // expected: 413, then the connection closed
                } finally {
                    recordAnswer(socket);
                }
            });
        }
        return this;
    }

    /** Connections that send nothing, half a head, or half a body then FIN; kept to check that all get closed. */
    Attackers parkedConnections(int each) throws IOException {
        for (int i = 0; i < each; i++) {
            parked.add(new Socket("127.0.0.1", port));
            Socket halfHead = new Socket("127.0.0.1", port);
            halfHead.getOutputStream().write("POST /webhooks/github HTTP/1.1\r\nHost: x\r\nX-GitHub-Ev".getBytes(StandardCharsets.US_ASCII));
            parked.add(halfHead);
            Socket halfOpen = new Socket("127.0.0.1", port);
            halfOpen.getOutputStream().write(("POST /webhooks/github HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"half\":")
                    .getBytes(StandardCharsets.US_ASCII));
            halfOpen.shutdownOutput();
            parked.add(halfOpen);
        }
        return this;
    }

    /** How many of the parked connections the ingress has not closed within {@code timeout} (all checked together). */
    long parkedStillOpen(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long open = 0;
        for (Socket socket : parked) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
            try {
                InputStream in = socket.getInputStream();
                while (in.read() >= 0) {
                    // an answer (e.g. 408 to the half body): read on until closed
                }
            } catch (SocketTimeoutException stillOpen) {
                open++;
            } catch (SocketException reset) {
                // closed
            }
        }
        return open;
    }

    int parkedCount() {
        return parked.size();
    }

    Map<String, Long> answerCounts() {
        Map<String, Long> counts = new TreeMap<>();
        answers.forEach((k, v) -> counts.put(k, v.get()));
        return counts;
    }

    /** Counts the status of the answer the ingress sent before it closed the connection ("cut" when none). */
    private void recordAnswer(Socket socket) {
        String status = "cut";
        try (socket) {
            socket.setSoTimeout(500);
            byte[] line = socket.getInputStream().readNBytes(12); // "HTTP/1.1 503"
            if (line.length == 12) status = new String(line, 9, 3, StandardCharsets.US_ASCII);
        } catch (IOException none) {
            // reset before an answer could be read
        }
        if (counting.get()) answers.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
    }

    /** From now on, answers are not counted (the attack goes on while the ingress is being stopped). */
    void stopCounting() {
        counting.set(false);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        connections.incrementAndGet();
        return socket;
    }

    private void start(String name, Attack attack) {
        Thread thread = new Thread(() -> {
            while (running.get()) {
                try {
                    attack.run();
                } catch (Exception e) {
                    if (counting.get()) answers.computeIfAbsent("error " + e.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
                }
                LockSupport.parkNanos(1_000_000_000L); // back off before the next try
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        threads.add(thread);
    }

    private interface Attack {
        void run() throws IOException;
    }

    @Override
    public void close() throws IOException {
        running.set(false);
        for (Thread thread : threads) thread.interrupt();
        for (Socket socket : parked) socket.close();
    }
}
