package io.hookbridge.egress.ui;

import io.hookbridge.egress.testing.EgressFixture;
import io.hookbridge.egress.testing.Receiver.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real headless Chromium, against a real egress, broker and receivers: what an operator
 * does with it. Screenshots of each page go to target/screenshots, or to docs/img with
 * {@code -Dui.screenshots=../docs/img} (how the README's pictures are refreshed).
 */
class DashboardBrowserTest {

    private static final Path SHOTS = Path.of(System.getProperty("ui.screenshots", "target/screenshots"));
    private static EgressFixture f;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Browser.available(), "no chromedriver at " + Browser.CHROMEDRIVER + " (.ci/run installs it)");
        f = new EgressFixture("{ timeout: 2s, retrySchedule: [200ms], allowPrivateTargets: true }");
        browser = new Browser(f.egress.port());
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) browser.close();
        if (f != null) f.close();
    }

    @Test
    void logInWithTheTokenAndSeeTheSubscriptionsWithTheirHealth() {
        JsonObject sub = f.admin.subscribe(f.receiver.url("/orders"), "shop.order.*");

        loggedOut();
        browser.find("#token").sendKeys("not-the-token");
        browser.find("form.login button").click();
        assertThat(browser.waitForText("form.login .error", "not the admin token")).isNotEmpty();

        logIn();
        String row = browser.waitForText("tr[data-id='" + sub.getString("id") + "']", sub.getString("id"));
        assertThat(row).contains(f.receiver.url("/orders"), "shop.order.*", "active");
        browser.screenshot(SHOTS, "subscriptions");

        browser.find("tr[data-id='" + sub.getString("id") + "']").click();
        assertThat(browser.waitForText("h1", "Subscription ")).contains(sub.getString("id"), "active");
    }

    @Test
    void replayADeadLetterAndSeeItDelivered() {
        AtomicBoolean receiverFixed = new AtomicBoolean();
        f.receiver.behave("/flaky", (attempt, inFlight) -> Answer.status(receiverFixed.get() ? 204 : 503));
        String subscription = f.admin.subscribe(f.receiver.url("/flaky"), "billing.*").getString("id");
        String event = f.events.publish("billing.invoice.paid", "{\"invoice\":\"in_1\",\"amount\":4200}");
        await().atMost(Duration.ofSeconds(60)).until(() -> deadLetter(subscription, event) != null);
        receiverFixed.set(true);

        logIn();
        browser.open("/ui/#/dead-letters?subscription=" + subscription);
        String row = browser.waitForText("tr[data-id='" + event + "']", event);
        assertThat(row).contains("billing.invoice.paid", "503");
        browser.screenshot(SHOTS, "dead-letters");
        browser.find("tr[data-id='" + event + "'] button.replay").click();

        assertThat(browser.waitForText("tr[data-id='" + event + "'] .replay-state", "delivered")).contains("204");
        assertThat(f.receiver.idsAnswered2xx("/flaky")).containsExactly(event);

        browser.find("tr[data-id='" + event + "'] a[href^='#/events/']").click();
        String journey = browser.waitForText("table", "success");
        assertThat(journey).contains(subscription, "503", "204");
        assertThat(browser.find("#event-body").getText()).contains("\"invoice\": \"in_1\"");
        browser.screenshot(SHOTS, "event-journey");
    }

    @Test
    void openAFailedAttemptAndReadWhatTheReceiverAnswered() {
        f.receiver.behave("/busy", (attempt, inFlight) -> attempt == 1
                ? new Answer(429, java.util.Map.of("retry-after", "0", "content-type", "text/plain"), null)
                : Answer.status(200));
        JsonObject sub = f.admin.subscribe(f.receiver.url("/busy"), "crm.*");
        String id = sub.getString("id");
        String event = f.events.publish("crm.contact.created", "{\"contact\":\"c_7\"}");
        await().atMost(Duration.ofSeconds(60)).until(() -> f.receiver.idsAnswered2xx("/busy").contains(event));
        await().atMost(Duration.ofSeconds(30)).until(() -> f.admin.get("/api/v1/subscriptions/" + id + "/attempts")
                .body().getJsonArray("data").size() == 2);

        logIn();
        browser.open("/ui/#/subscriptions/" + id);
        browser.waitForText("#stats", "attempts");
        browser.waitForText("tr.attempt", "success");
        browser.screenshot(SHOTS, "subscription");
        new org.openqa.selenium.support.ui.Select(browser.find("#attempt-status")).selectByValue("failure");
        String failed = browser.waitForText("tr.attempt", "http-error");
        assertThat(failed).contains(event, "429").doesNotContain("success");
        browser.find("tr.attempt").click();

        assertThat(browser.find("#attempt-status-code").getText()).isEqualTo("429");
        assertThat(browser.find("#response-headers").getText()).contains("retry-after: 0");
        assertThat(browser.waitForText("#request-body", "c_7")).contains("\"contact\": \"c_7\"");
        browser.screenshot(SHOTS, "attempt");
    }

    @Test
    void theOverviewChartsThroughputFromMetrics() {
        // One first attempt in five fails: a failure curve, too few in a row to open the circuit breaker.
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        f.receiver.behave("/steady", (attempt, inFlight) ->
                Answer.status(attempt == 1 && requests.incrementAndGet() % 5 == 0 ? 500 : 204));
        f.admin.subscribe(f.receiver.url("/steady"), "load.*");
        logIn();
        browser.open("/ui/#/overview");
        double before = f.metrics.registry().find("hookbridge.delivery.attempts").tag("outcome", "success").counters()
                .stream().mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
        for (int i = 0; i < 20; i++) f.events.publish("load.tick", "{\"n\":" + i + "}");
        await().atMost(Duration.ofSeconds(60)).until(() -> f.receiver.idsAnswered2xx("/steady").size() == 20);

        browser.until(d -> {
            var figures = browser.find(".stats[data-samples]");
            var delivered = browser.find("#total-delivered");
            return Double.parseDouble(delivered.getText()) >= before + 20
                    && Integer.parseInt(figures.getAttribute("data-samples")) >= 4 ? figures : null;
        });
        assertThat(browser.driver.findElements(org.openqa.selenium.By.cssSelector(".uplot canvas"))).hasSize(2);
        browser.screenshot(SHOTS, "overview");
    }

    @Test
    void swaggerUiShowsTheAdminApiFromTheJarAuthorizedWithTheDashboardsToken() {
        logIn();
        browser.open("/ui/api");
        assertThat(browser.waitForText(".info .title", "hookbridge admin API")).isNotEmpty();
        assertThat(browser.driver.findElements(By.cssSelector(".opblock")).size()).isGreaterThanOrEqualTo(8);
        assertThat(browser.find(".auth-wrapper .authorize").getAttribute("class")).contains("locked").doesNotContain("unlocked");
        browser.screenshot(SHOTS, "api");
    }

    /** The dashboard as a new tab sees it: no token kept. */
    private static void loggedOut() {
        browser.open("/ui/?page=" + System.nanoTime()); // a new URL: a whole new document, waited for
        browser.driver.executeScript("sessionStorage.clear()");
        browser.open("/ui/?page=" + System.nanoTime());
    }

    private static void logIn() {
        loggedOut();
        browser.find("#token").sendKeys(EgressFixture.TOKEN);
        browser.find("form.login button").click();
        browser.waitForText("h1", "Subscriptions");
    }

    private static JsonObject deadLetter(String subscription, String event) {
        JsonArray data = f.admin.get("/api/v1/dead-letters?subscription=" + subscription).body().getJsonArray("data");
        for (int i = 0; i < data.size(); i++) {
            if (event.equals(data.getJsonObject(i).getString("deliveryId"))) return data.getJsonObject(i);
        }
        return null;
    }
}
