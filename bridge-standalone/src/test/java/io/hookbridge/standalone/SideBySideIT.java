package io.hookbridge.standalone;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The quick start while another hookbridge runs: two standalones at once, each on its own ports and without
 * --data-dir, both become ready, neither logs a WARN or an ERROR from start to a clean stop, and each one's
 * temporary data directory is gone after it.
 */
class SideBySideIT {

    private static final Pattern DATA_DIR = Pattern.compile("^\\s*data\\s+(\\S+)\\s+\\(temporary");

    @Test
    void twoStandalonesWithoutDataDirRunSideBySideAndStartAndStopWithoutWarnings() throws Exception {
        try (StandaloneProcess first = StandaloneProcess.start(Map.of());
             StandaloneProcess second = StandaloneProcess.start(Map.of())) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> first.ready() && second.ready());
            Path firstData = dataDir(first);
            Path secondData = dataDir(second);
            assertThat(firstData).isDirectory().isNotEqualTo(secondData);
            assertThat(secondData).isDirectory();

            for (StandaloneProcess standalone : new StandaloneProcess[] {first, second}) {
                standalone.process.toHandle().destroy(); // SIGTERM
            }
            for (StandaloneProcess standalone : new StandaloneProcess[] {first, second}) {
                assertThat(standalone.process.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
                assertThat(standalone.process.exitValue()).as(standalone.text()).isZero();
                assertThat(standalone.warningsAndErrors()).as("WARN and ERROR lines of a clean start and stop")
                        .isEmpty();
            }
            assertThat(firstData).doesNotExist();
            assertThat(secondData).doesNotExist();
        }
    }

    private static Path dataDir(StandaloneProcess standalone) {
        await().atMost(Duration.ofSeconds(10)).until(() -> standalone.output.stream()
                .anyMatch(l -> DATA_DIR.matcher(l).find()));
        for (String line : standalone.output) {
            Matcher m = DATA_DIR.matcher(line);
            if (m.find()) return Path.of(m.group(1));
        }
        throw new AssertionError("no data line in " + standalone.text());
    }
}
