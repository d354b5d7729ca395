package io.hookbridge.egress.delivery;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The cost per record of unordered dispatch with ordered commits: seen, done, and a committable() per
 * batch, with completions in order and shuffled within a window of 512 (deliveries finishing out of
 * order). Run with bench/jmh.sh.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OffsetTrackerBenchmark {

    private static final int BATCH = 512;
    private long next;

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long inOrder() {
        OffsetTracker tracker = new OffsetTracker();
        long base = next;
        for (int i = 0; i < BATCH; i++) tracker.seen(base + i);
        for (int i = 0; i < BATCH; i++) tracker.done(base + i);
        next += BATCH;
        return tracker.committable(next);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long outOfOrder() {
        OffsetTracker tracker = new OffsetTracker();
        long base = next;
        for (int i = 0; i < BATCH; i++) tracker.seen(base + i);
        // a fixed permutation of the window: odd offsets finish first, then the even ones backwards
        for (int i = 1; i < BATCH; i += 2) tracker.done(base + i);
        for (int i = BATCH - 2; i >= 0; i -= 2) tracker.done(base + i);
        next += BATCH;
        return tracker.committable(next);
    }
}
