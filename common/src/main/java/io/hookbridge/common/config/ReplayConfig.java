package io.hookbridge.common.config;

/**
 * Deliveries again from {@code topics.events}: a subscription's time range, a resend, a backfill from
 * {@code startFrom}.
 *
 * @param perSecond how many events per second one instance writes for all its replays together, so that
 *                  replays do not starve live traffic
 * @param maxJobs   replays (ranges, backfills) running at once on one instance; another is refused with 429
 */
public record ReplayConfig(Integer perSecond, Integer maxJobs) {

    public ReplayConfig {
        perSecond = perSecond != null ? perSecond : 200;
        maxJobs = maxJobs != null ? maxJobs : 4;
    }
}
