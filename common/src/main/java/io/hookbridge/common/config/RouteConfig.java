package io.hookbridge.common.config;

/**
 * Copies events whose CloudEvent type ({@code <source>.<event-type>}) matches {@code type} to {@code topic}.
 * {@code type} is a glob: {@code github.*} copies every GitHub event, {@code *.refund.*} matches by type.
 */
public record RouteConfig(String type, String topic) {
}
