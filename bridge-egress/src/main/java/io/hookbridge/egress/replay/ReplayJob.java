package io.hookbridge.egress.replay;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One replay of a time range of {@code topics.events} to one subscription (a range replay, or the backfill of
 * {@code startFrom}), as the admin API shows it. Progress is updated by the replay's thread.
 */
public final class ReplayJob {

    /** {@code replay} (a range asked for) or {@code backfill} ({@code startFrom} on create). */
    private final String kind;
    private final String id;
    private final String subscription;
    private final long sinceMillis;
    private final long untilMillis;
    private final Instant createdAt = Instant.now();
    final AtomicLong scanned = new AtomicLong();
    final AtomicLong queued = new AtomicLong();
    private volatile String status = "running";
    private volatile String error;
    private volatile Instant finishedAt;

    ReplayJob(String kind, String id, String subscription, long sinceMillis, long untilMillis) {
        this.kind = kind;
        this.id = id;
        this.subscription = subscription;
        this.sinceMillis = sinceMillis;
        this.untilMillis = untilMillis;
    }

    public String id() {
        return id;
    }

    /** What the deliveries of this job carry in {@code hookbridge-replay} and their attempt records in {@code replayOf}. */
    public String marker() {
        return kind + ":" + id;
    }

    String subscription() {
        return subscription;
    }

    long sinceMillis() {
        return sinceMillis;
    }

    long untilMillis() {
        return untilMillis;
    }

    public boolean finished() {
        return finishedAt != null;
    }

    void done() {
        status = "done";
        finishedAt = Instant.now();
    }

    void failed(String why) {
        error = why;
        status = "failed";
        finishedAt = Instant.now();
    }

    /** {@code queued}: events written for delivery so far; {@code scanned}: records of the range read so far. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("id", id).put("kind", kind).put("subscription", subscription)
                .put("since", Instant.ofEpochMilli(sinceMillis).toString()).put("until", Instant.ofEpochMilli(untilMillis).toString())
                .put("status", status).put("scanned", scanned.get()).put("queued", queued.get())
                .put("marker", marker()).put("createdAt", createdAt.toString());
        if (finishedAt != null) json.put("finishedAt", finishedAt.toString());
        if (error != null) json.put("error", error);
        return json;
    }
}
