package io.hookbridge.faults;

import io.hookbridge.testing.KafkaBroker;
import io.hookbridge.testing.TestTopics;
import io.hookbridge.testing.TopicReader;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 5: thousands of random and hostile requests (forged and missing signatures, unknown sources,
 * huge headers, bodies over the limit, invalid UTF-8, deep JSON, garbage bytes, slow senders trickling
 * bytes) against an ingress with a 128 MB heap, beside genuine traffic. No 5xx but 503, no record for any
 * of them, memory bounded, and the genuine traffic still acknowledged.
 */
class BadInputIT {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();

    @Test
    void hostileTrafficGetsClearAnswersAndWritesNothing() throws Exception {
        int hostile = Scale.pick(3000, 20000);
        String prefix = TestTopics.uniquePrefix();
        int port = FaultConfigs.freePort();
        Path config = FaultConfigs.write(FaultConfigs.config(KafkaBroker.bootstrapServers(), prefix, port, 0, "5s"));
        try (RoleProcess ingress = new RoleProcess("ingress", config, List.of("-Xmx128m"),
                Map.of("FAULT_SECRET", FaultConfigs.SECRET)).start().awaitReady(port, Duration.ofSeconds(60))) {
            long rssBefore = rssKb(ingress.pid());
            String base = "http://127.0.0.1:" + port;
            List<Thread> attackers = new ArrayList<>();
            AtomicInteger budget = new AtomicInteger(hostile);
            for (int t = 0; t < 6; t++) {
                Random random = new Random(42 + t);
                attackers.add(daemon(() -> {
                    while (budget.getAndDecrement() > 0) {
                        attack(base, random);
                    }
                }));
            }
            List<Socket> trickling = startSlowSenders(port, Scale.pick(50, 200));
            try (SignedLoad genuine = new SignedLoad(base + "/webhooks/github", FaultConfigs.SECRET, prefix + "-genuine")) {
                genuine.start(2, Integer.MAX_VALUE, Duration.ofSeconds(10));
                for (Thread attacker : attackers) attacker.join(Duration.ofMinutes(5).toMillis());
                genuine.stop();

                for (Socket s : trickling) s.close();
                long rssAfter = rssKb(ingress.pid());
                Set<String> stored;
                try (TopicReader reader = new TopicReader(prefix + ".inbound")) {
                    stored = reader.readAll(genuine.acknowledged.size(), Duration.ofSeconds(60), Duration.ofSeconds(2))
                            .stream().map(TopicReader::key).collect(Collectors.toSet());
                }
                Set<String> notGenuine = stored.stream().filter(k -> !k.startsWith(prefix + "-genuine-")).collect(Collectors.toSet());
                long genuineRefused = genuine.outcomes.stream().filter(o -> o.status() < 200 || o.status() >= 300).count();

                new Figures("5 bad input at volume", hostile + genuine.outcomes.size(), genuine.acknowledged.size(),
                        stored.size() - notGenuine.size(), 0, genuine.acknowledged.size() - (stored.size() - notGenuine.size()),
                        hostile + " hostile + " + trickling.size() + " slow senders; answers " + new java.util.TreeMap<>(statuses)
                                + "; genuine refused " + genuineRefused + "; RSS " + rssBefore / 1024 + " -> " + rssAfter / 1024 + " MB")
                        .report();

                assertThat(ingress.isAlive()).isTrue();
                assertThat(statuses.keySet()).as("no 5xx but 503").allMatch(s -> s < 500 || s == 503);
                assertThat(notGenuine).as("records written for hostile requests").isEmpty();
                assertThat(stored).as("every acknowledged genuine webhook is stored").containsAll(genuine.acknowledged);
                assertThat(genuine.acknowledged).as("genuine traffic acknowledged during the storm").isNotEmpty();
                assertThat(genuine.outcomes).as("genuine requests refused other than by overload")
                        .allMatch(o -> (o.status() >= 200 && o.status() < 300) || o.status() == 503);
                assertThat(rssAfter).as("resident memory stays bounded (KB)").isLessThan(512 * 1024);
            }
        }
    }

    private void attack(String base, Random random) {
        String id = "hostile-" + random.nextInt(Integer.MAX_VALUE);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/webhooks/github"))
                .timeout(Duration.ofSeconds(10))
                .header("X-GitHub-Delivery", id)
                .header("X-GitHub-Event", "push");
        byte[] body = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);
        switch (random.nextInt(9)) {
            case 0: // forged signature
                request.header("X-Hub-Signature-256", "sha256=" + hex(random, 32));
                break;
            case 1: // no signature at all
                break;
            case 2: // unknown source
                request.uri(URI.create(base + "/webhooks/nope-" + random.nextInt(1000)));
                break;
            case 3: // body over maxBodyBytes (64 KiB)
                body = new byte[200_000];
                request.header("X-Hub-Signature-256", "sha256=" + hex(random, 32));
                break;
            case 4: // a huge header
                request.header("X-Padding", "a".repeat(40_000)).header("X-Hub-Signature-256", "sha256=" + hex(random, 32));
                break;
            case 5: // invalid UTF-8
                body = new byte[]{(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, 0x7B};
                request.header("X-Hub-Signature-256", "sha256=" + hex(random, 32));
                break;
            case 6: // deep JSON
                body = ("[".repeat(50_000) + "]".repeat(50_000)).getBytes(StandardCharsets.UTF_8);
                request.header("X-Hub-Signature-256", "sha256=" + hex(random, 32)).header("Content-Type", "application/json");
                break;
            case 7: // a malformed signature header
                request.header("X-Hub-Signature-256", "md5=" + "z".repeat(random.nextInt(200)));
                break;
            default: // the wrong method
                request.method("PUT", HttpRequest.BodyPublishers.ofByteArray(body));
                send(request.build());
                return;
        }
        send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private void send(HttpRequest request) {
        int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            status = -1; // the server closed the connection on us: a clear answer to garbage too
        }
        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
    }

    /** Slowloris: connections that send headers and then a byte now and then, and garbage that is not HTTP. */
    private static List<Socket> startSlowSenders(int port, int count) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket("127.0.0.1", port);
            OutputStream out = socket.getOutputStream();
            if (i % 5 == 0) {
                out.write(new byte[]{0x16, 0x03, 0x01, 0x00, (byte) 0xFF, 0x00, 0x01}); // a TLS hello to a plain port
            } else {
                out.write(("POST /webhooks/github HTTP/1.1\r\nHost: x\r\nX-GitHub-Delivery: hostile-slow-" + i
                        + "\r\nContent-Length: 100000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            sockets.add(socket);
        }
        daemon(() -> {
            while (sockets.stream().anyMatch(s -> !s.isClosed())) {
                for (Socket s : sockets) {
                    try {
                        if (!s.isClosed()) s.getOutputStream().write('a');
                    } catch (Exception closed) {
                        // the server or the test closed it
                    }
                }
                java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
            }
        });
        return sockets;
    }

    private static Thread daemon(Runnable task) {
        Thread thread = new Thread(task);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static String hex(Random random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    private static long rssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        return -1;
    }
}
