package io.hookbridge.ingress.http;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A flood of rejections writes a burst of lines, then one summary line saying how many were not logged. */
class RejectionLogTest {

    private final Vertx vertx = Vertx.vertx();
    private final Logger logger = (Logger) LoggerFactory.getLogger("rejection-log-test");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @AfterEach
    void close() throws Exception {
        logger.detachAppender(lines);
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void aFloodIsLoggedAsABurstThenOneSummaryLine() {
        lines.start();
        logger.addAppender(lines);
        Context context = vertx.getOrCreateContext();
        context.runOnContext(v -> {
            RejectionLog log = new RejectionLog(vertx, logger);
            for (int i = 0; i < 10_000; i++) log.log(l -> l.info("webhook rejected"));
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> lines.list.stream()
                .anyMatch(e -> e.getFormattedMessage().contains("more rejections not logged")));
        long rejected = lines.list.stream().filter(e -> e.getFormattedMessage().equals("webhook rejected")).count();
        assertThat(rejected).isBetween((long) RejectionLog.BURST, (long) RejectionLog.BURST + 5);
        String summary = lines.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("more rejections not logged")).findFirst().orElseThrow();
        assertThat(summary).startsWith((10_000 - rejected) + " more rejections not logged");
    }
}
