package io.hookbridge.common.config;

import java.time.Duration;

/**
 * The attempt log ({@code topics.attempts}) and its local index, which the admin API's queries read.
 *
 * @param enabled         write every delivery attempt to {@code topics.attempts}; off, the queries answer empty
 * @param retention       {@code retention.ms} of {@code topics.attempts} when the egress creates it; the index
 *                        forgets attempts older than this too
 * @param maxPending      attempt records handed to the producer and not yet acknowledged; beyond it a record is
 *                        dropped and counted ({@code hookbridge_attempt_log_dropped_total}), never waited for
 * @param indexCacheBytes the block cache and write buffers of the local index (RocksDB), in bytes
 */
public record AttemptLogConfig(Boolean enabled, Duration retention, Integer maxPending, Long indexCacheBytes) {

    public AttemptLogConfig {
        enabled = enabled == null || enabled;
        retention = retention != null ? retention : Duration.ofDays(7);
        maxPending = maxPending != null ? maxPending : 10_000;
        indexCacheBytes = indexCacheBytes != null ? indexCacheBytes : 32L * 1024 * 1024;
    }
}
