package io.hookbridge.ingress.verify;

import io.hookbridge.common.config.Secret;
import io.hookbridge.common.config.SourceConfig;

import java.time.Duration;
import java.util.List;

/** A {@link SourceConfig} for tests, naming only the fields it sets: no row of positional nulls. */
final class SourceBuilder {

    private final String verifier;
    private List<Secret> secrets;
    private Duration tolerance;
    private String header;
    private String algorithm;
    private String encoding;
    private String prefix;
    private String timestampHeader;
    private String signedContent;
    private String deliveryIdHeader;
    private String eventTypeHeader;

    private SourceBuilder(String verifier) {
        this.verifier = verifier;
    }

    static SourceBuilder source(String verifier) {
        return new SourceBuilder(verifier);
    }

    SourceBuilder secrets(List<Secret> v) { secrets = v; return this; }
    SourceBuilder tolerance(Duration v) { tolerance = v; return this; }
    SourceBuilder header(String v) { header = v; return this; }
    SourceBuilder algorithm(String v) { algorithm = v; return this; }
    SourceBuilder encoding(String v) { encoding = v; return this; }
    SourceBuilder prefix(String v) { prefix = v; return this; }
    SourceBuilder timestampHeader(String v) { timestampHeader = v; return this; }
    SourceBuilder signedContent(String v) { signedContent = v; return this; }
    SourceBuilder deliveryIdHeader(String v) { deliveryIdHeader = v; return this; }
    SourceBuilder eventTypeHeader(String v) { eventTypeHeader = v; return this; }

    SourceConfig build() {
        return new SourceConfig(verifier, secrets, List.of(), List.of(), tolerance, header, algorithm, encoding, prefix,
                timestampHeader, signedContent, deliveryIdHeader, eventTypeHeader);
    }
}
