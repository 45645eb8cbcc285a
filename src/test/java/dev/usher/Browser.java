package dev.usher;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A headless Chromium driven through Debian's chromedriver: nothing is downloaded (no Selenium
 * Manager). One browser, one fresh profile; close it to quit the browser and delete the profile.
 * A browser opened on a given profile folder keeps it: a second browser opened on the same folder
 * is the same device after a restart (its service worker, IndexedDB and localStorage).
 */
public final class Browser implements AutoCloseable {
    public static final String CHROMIUM = "/usr/bin/chromium";
    public static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    public static final Duration WAIT = Duration.ofSeconds(10);
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /**
     * Selenium warns on every start that it has no DevTools bindings for this Chromium version.
     * Nothing here uses those bindings (CDP commands go through chromedriver), so the warning is
     * noise. A static field keeps the logger, and so its level, from being garbage-collected.
     */
    private static final Logger CDP_VERSION_FINDER = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

    /**
     * The viewport the pages are laid out in, in CSS pixels. A mobile window also emulates a phone's screen (device
     * pixel ratio 2, touch, mobile viewport rules), as Chrome's device mode does.
     */
    public record Window(int width, int height, boolean mobile) {
        public static final Window DESKTOP = new Window(1280, 900, false);
        /** A 5-6" phone in portrait, e.g. an iPhone 12-15. */
        public static final Window PHONE = new Window(390, 844, true);
    }

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Path profile;
    private final boolean ownsProfile;

    private Browser(ChromeDriverService service, ChromeDriver driver, Path profile, boolean ownsProfile) {
        this.service = service;
        this.driver = driver;
        this.profile = profile;
        this.ownsProfile = ownsProfile;
    }

    public static Browser desktop() {
        return open(Window.DESKTOP);
    }

    public static Browser phone() {
        return open(Window.PHONE);
    }

    /** @param extraArgs more Chromium switches, e.g. the fake-camera ones */
    public static Browser open(Window window, String... extraArgs) {
        Path profile;
        try {
            profile = Files.createTempDirectory("usher-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return open(window, profile, true, extraArgs);
    }

    /**
     * A browser on the profile folder {@code profile} (e.g. a {@code @TempDir}), which outlives it:
     * closing this browser quits Chromium and leaves the folder for the next one.
     */
    public static Browser openOnProfile(Window window, Path profile, String... extraArgs) {
        return open(window, profile, false, extraArgs);
    }

    private static Browser open(Window window, Path profile, boolean ownsProfile, String... extraArgs) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile.toAbsolutePath(),
                "--window-size=" + window.width() + "," + window.height());
        options.addArguments(extraArgs);
        if (window.mobile()) {
            options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics", Map.of(
                    "width", window.width(), "height", window.height(), "pixelRatio", 2.0, "touch", true)));
        }
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, Level.ALL.getName()));

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .withLogOutput(OutputStream.nullOutputStream())
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            if (!window.mobile()) {
                fitViewport(driver, window);
            }
            return new Browser(service, driver, profile, ownsProfile);
        } catch (RuntimeException e) {
            service.stop();
            if (ownsProfile) {
                deleteQuietly(profile);
            }
            throw e;
        }
    }

    // --window-size sizes the whole window, and headless Chromium still reserves room for its
    // toolbars: grow the window by that much so the page gets exactly the size asked for.
    private static void fitViewport(ChromeDriver driver, Window window) {
        @SuppressWarnings("unchecked")
        List<Number> frame = (List<Number>) driver.executeScript(
                "return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight];");
        driver.manage().window().setSize(new Dimension(
                window.width() + frame.get(0).intValue(), window.height() + frame.get(1).intValue()));
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    public ChromeDriver driver() {
        return driver;
    }

    public void get(String url) {
        driver.get(url);
    }

    public WebElement find(By by) {
        return driver.findElement(by);
    }

    public List<WebElement> findAll(By by) {
        return driver.findElements(by);
    }

    /** Waits until the condition returns something other than null or false, and returns it. */
    public <T> T waitUntil(Function<? super WebDriver, T> condition) {
        return waitUntil(condition, WAIT);
    }

    public <T> T waitUntil(Function<? super WebDriver, T> condition, Duration timeout) {
        return new WebDriverWait(driver, timeout).until(condition);
    }

    /**
     * Like {@link #waitUntil(Function)}, but a timeout fails with the description, the URL, the
     * body's {@code data-*} state and the start of the page's text: enough to tell a slow page from
     * a wrong one.
     */
    public <T> T waitUntil(String description, Function<? super WebDriver, T> condition) {
        return waitUntil(description, WAIT, condition);
    }

    public <T> T waitUntil(String description, Duration timeout, Function<? super WebDriver, T> condition) {
        try {
            return waitUntil(condition, timeout);
        } catch (TimeoutException e) {
            String text = String.valueOf(script("return document.body ? document.body.innerText : ''"));
            throw new AssertionError("timed out after " + timeout.toSeconds() + " s: " + description
                    + "\n  at " + driver.getCurrentUrl()
                    + "\n  body: " + script("return document.body ? JSON.stringify(document.body.dataset) : ''")
                    + "\n  page text: " + text.substring(0, Math.min(400, text.length())).replace('\n', ' ')
                    + "\n  console errors: " + consoleErrors(), e);
        }
    }

    public WebElement waitForVisible(By by) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Waits until the element's {@code data-*} attribute has the value. */
    public WebElement waitForData(By by, String attribute, String value) {
        waitUntil(ExpectedConditions.attributeToBe(by, "data-" + attribute, value));
        return find(by);
    }

    public Object script(String javascript, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(javascript, args);
    }

    /** The viewport as a person sees it, saved as {@code target/screenshots/NAME.png}. */
    public Path screenshot(String name) {
        return save(name, driver.getScreenshotAs(OutputType.BYTES));
    }

    /** The whole page, scrolled parts included, saved as {@code target/screenshots/NAME.png}. */
    public Path fullPageScreenshot(String name) {
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true));
        return save(name, Base64.getDecoder().decode((String) shot.get("data")));
    }

    /**
     * The page's console errors (including failed loads) since the last call: Chrome hands each
     * entry out once.
     */
    public List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(entry.getMessage());
            }
        }
        return errors;
    }

    private static Path save(String name, byte[] png) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, png);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            if (ownsProfile) {
                deleteQuietly(profile);
            }
        }
    }

    // Chromium may still be writing to its profile as it exits; a leftover temp folder is harmless.
    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Left for the OS to clean up with the rest of the temp folder.
        }
    }
}
