package io.hookbridge.common.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The ingress role: where it listens, what it accepts, and the webhook sources it verifies. */
public record IngressConfig(Integer port,
                            Long maxBodyBytes,
                            Duration ackTimeout,
                            Integer maxInFlight,
                            Map<String, SourceConfig> sources) {

    public IngressConfig {
        port = port != null ? port : 8080;
        maxBodyBytes = maxBodyBytes != null ? maxBodyBytes : 1_048_576L;
        ackTimeout = ackTimeout != null ? ackTimeout : Duration.ofSeconds(5);
        maxInFlight = maxInFlight != null ? maxInFlight : 4096;
        sources = sources == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    }

    public IngressConfig withPort(int newPort) {
        return new IngressConfig(newPort, maxBodyBytes, ackTimeout, maxInFlight, sources);
    }
}
