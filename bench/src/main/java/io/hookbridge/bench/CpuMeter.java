package io.hookbridge.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
    private final Map<String, Long> threadsStart = threadTicks();

    /**
     * "x us CPU (what) + y us broker CPU per record" for {@code records} done since this meter began; {@code what}
     * names what runs in this process.
     */
    String perRecord(long records, String what) {
        String own = String.format("%.1f us CPU (%s)", (ownNanos() - ownStart) / 1e3 / records, what);
        if (BROKER_PID == 0) return own + " per record";
        return own + String.format(" + %.1f us broker CPU per record", (brokerNanos() - brokerStart) / 1e3 / records);
    }

    /**
     * This process's CPU per record since the meter began, by thread name (digits folded, so the event loops are one
     * line), the {@code top} largest: "name 12.3, ..." in us per record. Native threads (RocksDB's) count too.
     */
    String byThread(long records, int top) {
        Map<String, Long> now = threadTicks();
        Map<String, Double> used = new HashMap<>();
        now.forEach((key, ticks) -> used.merge(key.substring(key.indexOf(' ') + 1),
                (ticks - threadsStart.getOrDefault(key, 0L)) * TICK_NANOS / 1e3 / records, Double::sum));
        return used.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(top)
                .map(e -> String.format("%s %.1f", e.getKey(), e.getValue())).collect(Collectors.joining(", "));
    }

    /** "tid name" -> utime + stime of every thread of this process, in ticks. */
    private static Map<String, Long> threadTicks() {
        Map<String, Long> ticks = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "N");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(task.getFileName() + " " + name, Long.parseLong(f[11]) + Long.parseLong(f[12]));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            // not Linux: no breakdown
        }
        return ticks;
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
