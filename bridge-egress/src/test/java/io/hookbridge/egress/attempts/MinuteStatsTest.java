package io.hookbridge.egress.attempts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MinuteStatsTest {

    @Test
    void quantilesComeWithinOneBucketAndSurviveTheirEncoding() {
        MinuteStats s = new MinuteStats();
        for (int i = 1; i <= 100; i++) s.add(i, i % 10 != 0); // 1..100 ms, every tenth failed

        MinuteStats read = MinuteStats.parse(s.toBytes());
        assertThat(read.attempts).isEqualTo(100);
        assertThat(read.successes).isEqualTo(90);
        assertThat(read.quantile(0.5)).isBetween(50.0, 50 * 1.19);
        assertThat(read.quantile(0.99)).isBetween(99.0, 99 * 1.19);
        assertThat(new MinuteStats().quantile(0.5)).isNull();
    }

    @Test
    void extremesLandInTheEndBuckets() {
        assertThat(MinuteStats.bucket(0.0)).isZero();
        assertThat(MinuteStats.bucket(10_000_000.0)).isEqualTo(MinuteStats.BUCKETS - 1);
    }
}
