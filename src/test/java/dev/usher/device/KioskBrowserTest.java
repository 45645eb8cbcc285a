package dev.usher.device;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.Browser;
import dev.usher.BrowserTest;
import dev.usher.TestServer;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kiosk page in headless Chromium, paired as a volunteer pairs it: what the kiosk page tests
 * share (a handheld scanner's burst, the verdict on screen, the door's count).
 */
abstract class KioskBrowserTest extends BrowserTest {
    /** A 5" phone in portrait and a 10" tablet in landscape, in CSS pixels. */
    static final Browser.Window PHONE_5 = new Browser.Window(360, 640, true);
    static final Browser.Window TABLET_10 = new Browser.Window(1280, 800, false);

    /** Opens the kiosk through a fresh pairing link, as a volunteer would after scanning its QR. */
    JsonNode pairedKiosk(Browser.Window window, String name) {
        JsonNode kiosk = server.createKiosk(name);
        openBrowser(window);
        browser.get(server.baseUrl() + kiosk.get("pairingUrl").asText());
        browser.waitUntil("kiosk paired", d -> name.equals(d.findElement(By.id("kiosk-name")).getText()));
        return kiosk;
    }

    /** A handheld scanner: the whole code as one fast burst of keys, then Enter. */
    void scanWithWedge(String code) {
        new Actions(browser.driver()).sendKeys(code + Keys.ENTER).perform();
    }

    String verdict() {
        browser.waitUntil("a verdict", d -> d.findElement(By.id("verdict")).isDisplayed());
        return browser.find(By.id("verdict")).getAttribute("data-verdict");
    }

    /** Waits until the page's own clock says this long has passed since its last verdict went on screen. */
    void awaitSinceLastVerdict(long ms) {
        await(ms + " ms after the last verdict", Duration.ofMillis(ms).plus(Browser.WAIT), d -> (Boolean) browser.script(
                "return performance.now() - Number(document.body.dataset.lastVerdictAt) >= arguments[0]", ms));
    }

    int entries() {
        return server.get("/api/stats", TestServer.ADMIN_TOKEN).json().at("/lists/0/entries").asInt();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
