package io.hookbridge.ingress.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One timer for a verticle's deadlines: who is still waiting when its time is up is timed out, once, in order. */
class DeadlinesTest {

    private static final Duration TIMEOUT = Duration.ofMillis(200);
    private final Vertx vertx = Vertx.vertx();
    private final Context context = vertx.getOrCreateContext();
    private final List<String> timedOut = new CopyOnWriteArrayList<>();
    private final List<Long> elapsedMs = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private final class Request extends Deadlines.Waiting {
        final String name;
        final long addedAt = System.nanoTime();

        Request(String name) {
            this.name = name;
        }

        @Override
        void timedOut() {
            elapsedMs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - addedAt));
            timedOut.add(name);
        }
    }

    @Test
    void theUnansweredTimeOutInOrderAndTheAnsweredNever() {
        context.runOnContext(v -> {
            Deadlines deadlines = new Deadlines(vertx, TIMEOUT);
            Request first = new Request("first");
            Request answered = new Request("answered");
            Request last = new Request("last");
            deadlines.add(first);
            deadlines.add(answered);
            deadlines.add(last);
            deadlines.remove(answered);
            deadlines.remove(answered); // idempotent: an answer and a lost connection may both remove it
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> timedOut.size() == 2);
        assertThat(timedOut).containsExactly("first", "last");
        assertThat(elapsedMs).allSatisfy(ms -> assertThat(ms).isBetween(TIMEOUT.toMillis(), TIMEOUT.toMillis() + 1000));
        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(() -> timedOut.size() == 2);
    }

    @Test
    void requestsAddedLaterGetTheirOwnFullTimeout() {
        context.runOnContext(v -> {
            Deadlines deadlines = new Deadlines(vertx, TIMEOUT);
            Request early = new Request("early");
            deadlines.add(early);
            deadlines.remove(early); // answered: the armed timer now finds nobody due and re-arms for the next
            vertx.setTimer(150, t -> deadlines.add(new Request("later")));
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> timedOut.size() == 1);
        assertThat(timedOut).containsExactly("later");
        assertThat(elapsedMs.get(0)).isGreaterThanOrEqualTo(TIMEOUT.toMillis());
    }
}
