package io.hookbridge.egress.events;

/**
 * An inbound record that is not a hookbridge webhook (no key, a missing or malformed header): it goes to
 * the dead-letter topic with this message. No stack trace: it is a verdict on data, not a bug, and a
 * foreign producer can send a flood of them.
 */
public final class NotNormalizable extends IllegalArgumentException {

    NotNormalizable(String reason) {
        super(reason);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
