package io.hookbridge.egress.ui;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Headless Chromium driven by the distribution's chromedriver (never one Selenium Manager downloads), with a
 * fresh profile each time. {@link #available()} tells whether this machine has them (.ci/run installs them).
 */
final class Browser implements AutoCloseable {

    static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver", "/usr/bin/chromedriver"));
    private static final Duration WAIT = Duration.ofSeconds(30);

    final ChromeDriver driver;
    private final Path profile;
    private final String base;

    Browser(int port) throws IOException {
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        this.profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions().addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1360,900", "--user-data-dir=" + profile);
        this.driver = new ChromeDriver(options);
        this.base = "http://127.0.0.1:" + port;
    }

    static boolean available() {
        return Files.isExecutable(CHROMEDRIVER);
    }

    void open(String path) {
        driver.get(base + path);
    }

    WebElement find(String css) {
        return until(d -> {
            var found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    /** The element's text once it contains {@code text}. */
    String waitForText(String css, String text) {
        return until(d -> {
            for (WebElement e : d.findElements(By.cssSelector(css))) {
                if (e.getText().contains(text)) return e.getText();
            }
            return null;
        });
    }

    <T> T until(ExpectedCondition<T> condition) {
        // A page re-renders as its data arrives: an element read a moment ago may be gone, so look again.
        return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** A PNG of the window into {@code dir} (docs/img when the screenshots are refreshed). */
    void screenshot(Path dir, String name) {
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
