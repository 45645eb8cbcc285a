package dev.usher;

import org.junit.jupiter.api.AfterEach;
import org.openqa.selenium.WebDriver;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * A fresh server (see {@link ServerTest}) and a headless Chromium for every test method: the test
 * opens the browser in the window it needs, and it is closed after the test, before the server.
 */
public abstract class BrowserTest extends ServerTest {
    protected Browser browser;

    /**
     * How many times slower than this machine the browser's CPU runs: 1 is full speed. A subclass
     * raises it to run the same tests on a slow tablet.
     */
    protected int cpuSlowdown() {
        return 1;
    }

    /** Opens the browser (closing one opened before) with more Chromium switches, if any. */
    protected Browser openBrowser(Browser.Window window, String... chromiumArgs) {
        closeBrowser();
        browser = Browser.open(window, chromiumArgs);
        if (cpuSlowdown() > 1) {
            browser.driver().executeCdpCommand("Emulation.setCPUThrottlingRate", Map.of("rate", cpuSlowdown()));
        }
        return browser;
    }

    @AfterEach
    protected void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    /** Waits until the condition holds; a timeout fails with what the page showed instead. */
    protected <T> T await(String what, Duration timeout, Function<? super WebDriver, T> condition) {
        return browser.waitUntil(what, timeout, condition);
    }
}
