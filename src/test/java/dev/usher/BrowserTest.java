package dev.usher;

import org.junit.jupiter.api.AfterEach;
import org.openqa.selenium.WebDriver;

import java.nio.file.Path;
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
        return slowedDown(Browser.open(window, chromiumArgs));
    }

    /**
     * Opens the browser on a profile folder that outlives it (see {@link Browser#openOnProfile}):
     * opened again on the same folder, it is the same device after a browser restart.
     */
    protected Browser openBrowserOnProfile(Browser.Window window, Path profile, String... chromiumArgs) {
        closeBrowser();
        return slowedDown(Browser.openOnProfile(window, profile, chromiumArgs));
    }

    private Browser slowedDown(Browser opened) {
        browser = opened;
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
