package io.hookbridge.standalone;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * temporary data directory is gone after it. The banner shows the admin token the first one made up, and keeps
 * the one the second was given to itself.
 */
class SideBySideIT {

    private static final Pattern DATA_DIR = Pattern.compile("^\\s*data\\s+(\\S+)\\s+\\(temporary");
    private static final Pattern BEARER = Pattern.compile("\\(Authorization: Bearer ([^)]+)\\)");
    private static final String GIVEN_TOKEN = "a-token-from-the-environment";

    @Test
    void twoStandalonesWithoutDataDirRunSideBySideAndStartAndStopWithoutWarnings() throws Exception {
        try (StandaloneProcess first = StandaloneProcess.start(Map.of());
             StandaloneProcess second = StandaloneProcess.start(Map.of("HOOKBRIDGE_ADMIN_TOKEN", GIVEN_TOKEN))) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> first.ready() && second.ready());
            Path firstData = dataDir(first);
            Path secondData = dataDir(second);
            assertThat(firstData).isDirectory().isNotEqualTo(secondData);
            assertThat(secondData).isDirectory();

            String madeUp = bannerToken(first);
            assertThat(adminStatus(first, madeUp)).as("the printed token opens the admin API").isEqualTo(200);
            assertThat(bannerToken(second)).isEqualTo("<egress.adminToken of your config>");
            assertThat(second.text()).doesNotContain(GIVEN_TOKEN);
            assertThat(adminStatus(second, GIVEN_TOKEN)).isEqualTo(200);

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

    private static String bannerToken(StandaloneProcess standalone) {
        Matcher m = BEARER.matcher(standalone.text());
        assertThat(m.find()).as("the admin line of the banner in " + standalone.text()).isTrue();
        return m.group(1);
    }

    private static int adminStatus(StandaloneProcess standalone, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + standalone.egressPort + "/api/v1/subscriptions"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
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
