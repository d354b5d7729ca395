package io.hookbridge.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of this process and, when {@code bench.brokerPid} names it, of the bench broker's process: on
 * two shared cores a stage's rate follows the host's speed, its CPU per record much less.
 */
final class CpuMeter {

    private static final long BROKER_PID = Long.getLong("bench.brokerPid", 0);
    // Linux's USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s.
    private static final double TICK_NANOS = 10_000_000;

    private final long ownStart = ownNanos();
    private final long brokerStart = brokerNanos();

    /**
     * "x us CPU (what) + y us broker CPU per record" for {@code records} done since this meter began; {@code what}
     * names what runs in this process.
     */
    String perRecord(long records, String what) {
        String own = String.format("%.1f us CPU (%s)", (ownNanos() - ownStart) / 1e3 / records, what);
        if (BROKER_PID == 0) return own + " per record";
        return own + String.format(" + %.1f us broker CPU per record", (brokerNanos() - brokerStart) / 1e3 / records);
    }

    private static long ownNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long brokerNanos() {
        if (BROKER_PID == 0) return 0;
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(BROKER_PID), "stat"));
            // Fields after the command name, which is in parentheses and may hold spaces: utime is the 12th, stime the 13th.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (long) ((Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS);
        } catch (IOException e) {
            return 0;
        }
    }
}
