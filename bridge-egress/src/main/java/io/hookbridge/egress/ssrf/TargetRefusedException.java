package io.hookbridge.egress.ssrf;

/** A delivery target the SSRF guard will not connect to, or cannot resolve. */
public final class TargetRefusedException extends RuntimeException {

    public TargetRefusedException(String message) {
        super(message, null, false, false);
    }
}
