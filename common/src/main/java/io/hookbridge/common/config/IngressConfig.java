package io.hookbridge.common.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ingress role: where it listens, what it accepts, the limits that keep outsiders from exhausting it
 * (docs/operations.md, "Threat model"), and the webhook sources it verifies.
 *
 * @param maxBodyBytesInFlight request bodies held in memory at once by the whole process (split evenly over
 *                             the event loops); {@code null} takes a quarter of the max heap, at most 256 MiB
 * @param h2c                  also accept HTTP/2 cleartext (prior knowledge or upgrade); off by default, because
 *                             while it is on the first request head of an HTTP/1.1 connection escapes headerTimeout
 *                             and maxConnections (docs/operations.md, "Threat model")
 */
public record IngressConfig(Integer port,
                            Long maxBodyBytes,
                            Duration ackTimeout,
                            Integer maxInFlight,
                            Long maxBodyBytesInFlight,
                            Long smallBodyBytes,
                            Integer maxConnections,
                            Duration headerTimeout,
                            Duration bodyTimeout,
                            Duration idleTimeout,
                            Boolean h2c,
                            Map<String, SourceConfig> sources) {

    public IngressConfig {
        port = port != null ? port : 8080;
        maxBodyBytes = maxBodyBytes != null ? maxBodyBytes : 1_048_576L;
        ackTimeout = ackTimeout != null ? ackTimeout : Duration.ofSeconds(5);
        maxInFlight = maxInFlight != null ? maxInFlight : 4096;
        maxBodyBytesInFlight = maxBodyBytesInFlight != null ? maxBodyBytesInFlight
                : Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 4);
        smallBodyBytes = smallBodyBytes != null ? smallBodyBytes : 65_536L;
        maxConnections = maxConnections != null ? maxConnections : 10_000;
        headerTimeout = headerTimeout != null ? headerTimeout : Duration.ofSeconds(10);
        bodyTimeout = bodyTimeout != null ? bodyTimeout : Duration.ofSeconds(10);
        idleTimeout = idleTimeout != null ? idleTimeout : Duration.ofSeconds(60);
        h2c = h2c != null && h2c;
        sources = sources == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    }

    public IngressConfig withPort(int newPort) {
        return new IngressConfig(newPort, maxBodyBytes, ackTimeout, maxInFlight, maxBodyBytesInFlight, smallBodyBytes,
                maxConnections, headerTimeout, bodyTimeout, idleTimeout, h2c, sources);
    }
}
