package io.hookbridge.bench;

/** A stage's sustained rate and, from {@link CpuMeter}, the CPU it took per record. */
record Rate(double perSecond, String cpu) {
}
