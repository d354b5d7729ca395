package io.hookbridge.common.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.nio.charset.StandardCharsets;

/** A secret value from the configuration: readable by code, never printed. */
public record Secret(String value) {

    @JsonCreator
    public static Secret of(String value) {
        return new Secret(value);
    }

    public byte[] bytes() {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    public boolean isBlank() {
        return value == null || value.isBlank();
    }

    @JsonValue
    String json() {
        return value;
    }

    @Override
    public String toString() {
        return "****";
    }
}
