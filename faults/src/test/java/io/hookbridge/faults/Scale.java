package io.hookbridge.faults;

/** How big a scenario runs: {@code short} inside every `mvn verify`, {@code full} with `-Pfaults`. */
final class Scale {

    static final boolean FULL = "full".equals(System.getProperty("faults.scale", "short"));

    private Scale() {
    }

    static int pick(int shortValue, int fullValue) {
        return FULL ? fullValue : shortValue;
    }
}
