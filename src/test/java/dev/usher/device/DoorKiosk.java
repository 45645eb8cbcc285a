package dev.usher.device;

import dev.usher.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A kiosk page in one browser, driven as a door volunteer and a network failure would: pair it,
 * scan with a handheld scanner, cut the network, read what the page shows and what it queued.
 * Several of these stand for several doors.
 */
final class DoorKiosk {
    /** Long enough for a sync round (5 s) or an offline probe (3 s) on a loaded machine. */
    static final Duration SYNC = Duration.ofSeconds(30);

    private final Browser browser;

    DoorKiosk(Browser browser) {
        this.browser = browser;
    }

    Browser browser() {
        return browser;
    }

    /** Opens the kiosk's pairing link ({@code baseUrl} + the kiosk JSON's pairingUrl) and waits for its name. */
    void pair(String baseUrl, String pairingUrl, String name) {
        browser.get(baseUrl + pairingUrl);
        browser.waitUntil("kiosk paired", d -> name.equals(d.findElement(By.id("kiosk-name")).getText()));
    }

    /** The page is controlled by its service worker (it would load with no network); returns the worker's build. */
    String awaitServiceWorker() {
        return browser.waitUntil("the service worker controls the page", SYNC, d -> (String) browser.script(
                "return navigator.serviceWorker.controller ? document.body.dataset.build || null : null"));
    }

    void awaitSynced(int entries) {
        browser.waitUntil(entries + " entries synced", SYNC, d -> String.valueOf(entries).equals(body("offlineEntries")));
    }

    void awaitOffline() {
        browser.waitUntil("the kiosk is offline", SYNC, d -> "offline".equals(body("connection")));
    }

    /** Back online with nothing left to upload. */
    void awaitUploaded() {
        browser.waitUntil("the queue uploaded and the kiosk online", SYNC,
                d -> "online".equals(body("connection")) && "0".equals(body("queued")));
    }

    /** A {@code data-*} value of {@code <body>} (camelCase key), or null. */
    String body(String data) {
        return (String) browser.script("return document.body.dataset[arguments[0]] || null", data);
    }

    /** A handheld scanner's burst; returns the verdict it got (#verdict's data-verdict). */
    String scan(String code) {
        Object before = browser.script("return document.body.dataset.lastVerdictAt || ''");
        new Actions(browser.driver()).sendKeys(code + Keys.ENTER).perform();
        browser.waitUntil("a verdict for the scan", d -> !before.equals(browser.script("return document.body.dataset.lastVerdictAt || ''")));
        return browser.find(By.id("verdict")).getAttribute("data-verdict");
    }

    /** Taps the verdict away (as a volunteer does) and switches the kiosk to {@code mode}: entry or exit. */
    void setMode(String mode) {
        if (browser.find(By.id("verdict")).isDisplayed()) {
            browser.find(By.id("verdict")).click();
        }
        browser.find(By.id("mode-" + mode)).click();
        browser.waitForData(By.tagName("body"), "mode", mode);
    }

    String verdictTitle() {
        return browser.find(By.id("verdict-title")).getText();
    }

    String text(String id) {
        return browser.find(By.id(id)).getText();
    }

    /**
     * Cuts (or restores) the network with DevTools. Network.emulateNetworkConditions alone does not
     * reach the requests of a page its service worker controls (they answered 200 through it here),
     * so the API's requests are also held by DevTools' Fetch domain and never answered: a venue
     * Wi-Fi that swallows packets, which the kiosk notices by its 2-second limit.
     */
    void networkOffline(boolean offline) {
        browser.driver().executeCdpCommand("Network.emulateNetworkConditions",
                Map.of("offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
        if (offline) {
            holdRequests("*/api/*");
        } else {
            browser.driver().executeCdpCommand("Fetch.disable", Map.of());
        }
    }

    /** Requests to URLs matching {@code pattern} are held by DevTools and never answered (until Fetch.disable). */
    void holdRequests(String pattern) {
        browser.driver().executeCdpCommand("Fetch.enable", Map.of("patterns", List.of(Map.of("urlPattern", pattern))));
    }

    /** The scans the kiosk queued offline, oldest first: [{code, at}]. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> queued() {
        return (List<Map<String, Object>>) browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/kiosk/offline-store.js').then((m) => m.openOfflineStore()).then((s) => s.queued())
                    .then((q) => done(q.map(({code, at}) => ({code, at}))), (e) => done('failed: ' + e));
                """);
    }
}
