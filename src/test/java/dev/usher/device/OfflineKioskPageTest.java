package dev.usher.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.Browser;
import dev.usher.BrowserTest;
import dev.usher.Config;
import dev.usher.TestServer;
import dev.usher.kiosk.KioskServiceWorker;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offline door in headless Chromium: the kiosk as an installed app (service worker, one per
 * server build), admitting by signature with the network cut by DevTools and with the server
 * stopped, and uploading what it admitted when the server is back.
 */
class OfflineKioskPageTest extends BrowserTest {
    /** Long enough for a sync round (5 s) or an offline probe (3 s) on a loaded machine. */
    private static final Duration SYNC = Duration.ofSeconds(30);

    private JsonNode pairedKiosk(String name) {
        JsonNode kiosk = server.createKiosk(name);
        if (browser == null) {
            openBrowser(Browser.Window.DESKTOP);
        }
        browser.get(server.baseUrl() + kiosk.get("pairingUrl").asText());
        browser.waitUntil("kiosk paired", d -> name.equals(d.findElement(By.id("kiosk-name")).getText()));
        return kiosk;
    }

    /** The page is controlled by its service worker: it would load with no network. */
    private String awaitServiceWorker() {
        return await("the service worker controls the page", SYNC, d -> (String) browser.script(
                "return navigator.serviceWorker.controller ? document.body.dataset.build || null : null"));
    }

    private void awaitSynced(int entries) {
        await(entries + " entries synced", SYNC, d -> String.valueOf(entries).equals(body("offlineEntries")));
    }

    private String body(String data) {
        return (String) browser.script("return document.body.dataset[arguments[0]] || null", data);
    }

    /** A handheld scanner's burst; returns the verdict it got (#verdict's data-verdict). */
    private String scan(String code) {
        Object before = browser.script("return document.body.dataset.lastVerdictAt || ''");
        new Actions(browser.driver()).sendKeys(code + Keys.ENTER).perform();
        browser.waitUntil("a verdict for the scan", d -> !before.equals(browser.script("return document.body.dataset.lastVerdictAt || ''")));
        return browser.find(By.id("verdict")).getAttribute("data-verdict");
    }

    private String verdictTitle() {
        return browser.find(By.id("verdict-title")).getText();
    }

    /**
     * Cuts (or restores) the network with DevTools. Network.emulateNetworkConditions alone does not
     * reach the requests of a page its service worker controls (they answered 200 through it here),
     * so the API's requests are also held by DevTools' Fetch domain and never answered: a venue
     * Wi-Fi that swallows packets, which the kiosk notices by its 2-second limit.
     */
    private void networkOffline(boolean offline) {
        browser.driver().executeCdpCommand("Network.emulateNetworkConditions",
                Map.of("offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
        if (offline) {
            browser.driver().executeCdpCommand("Fetch.enable", Map.of("patterns", List.of(Map.of("urlPattern", "*/api/*"))));
        } else {
            browser.driver().executeCdpCommand("Fetch.disable", Map.of());
        }
    }

    /** Starts the server again on the same data folder and port, as an organizer restarting Usher would. */
    private void restartServer(String build) {
        int port = server.port();
        server.close();
        server = null;
        withBuild(build, () -> server = TestServer.start(new Config("127.0.0.1", port, data, null, TestServer.ADMIN_TOKEN)));
    }

    private static void withBuild(String build, Runnable start) {
        String before = System.getProperty(KioskServiceWorker.BUILD_PROPERTY);
        System.setProperty(KioskServiceWorker.BUILD_PROPERTY, build);
        try {
            start.run();
        } finally {
            if (before == null) {
                System.clearProperty(KioskServiceWorker.BUILD_PROPERTY);
            } else {
                System.setProperty(KioskServiceWorker.BUILD_PROPERTY, before);
            }
        }
    }

    /** The arrivals spreadsheet: name -> the times of its check-ins. */
    private Map<String, List<Instant>> arrivals() {
        TestServer.Response r = server.get("/api/checkins.csv", TestServer.ADMIN_TOKEN);
        assertThat(r.status()).isEqualTo(200);
        Map<String, List<Instant>> byName = new HashMap<>();
        try {
            String csv = r.body().startsWith("\uFEFF") ? r.body().substring(1) : r.body();
            for (CSVRecord row : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(new StringReader(csv))) {
                byName.computeIfAbsent(row.get("name"), n -> new ArrayList<>()).add(OffsetDateTime.parse(row.get("at")).toInstant());
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return byName;
    }

    /** The scans the kiosk queued offline, oldest first: [{code, at}]. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> queued() {
        return (List<Map<String, Object>>) browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/kiosk/offline-store.js').then((m) => m.openOfflineStore()).then((s) => s.queued())
                    .then((q) => done(q.map(({code, at}) => ({code, at}))), (e) => done('failed: ' + e));
                """);
    }

    /** A code with the right shape whose signature is not the event key's. */
    private static String forged(String code) {
        char last = code.charAt(100);
        return code.substring(0, 100) + (last == 'A' ? 'B' : 'A') + code.substring(101);
    }

    @Test
    void the_kiosk_is_an_installable_app_whose_service_worker_carries_the_build() {
        TestServer.Response worker = server.get("/kiosk/sw.js");
        assertThat(worker.status()).isEqualTo(200);
        assertThat(worker.header("Content-Type")).startsWith("text/javascript");
        assertThat(worker.body()).contains("'/kiosk/kiosk.js'", "'/js/api.js'", "'/kiosk/offline-door.js'",
                "'/vendor/zxing-wasm/zxing_reader.wasm'", "'/vendor/jsqr/jsQR.js'", "'/kiosk/jsqr-worker.js'", "'/css/vars.css'",
                "'/kiosk/icon-512.png'");
        JsonNode manifest = server.get("/kiosk/manifest.webmanifest").json();
        assertThat(manifest.get("start_url").asText()).isEqualTo("/kiosk/");
        assertThat(manifest.get("display").asText()).isEqualTo("standalone");
        assertThat(manifest.findValuesAsText("sizes")).contains("192x192", "512x512");
        assertThat(server.get("/kiosk/icon-512.png").status()).isEqualTo(200);
        assertThat(server.get("/kiosk/").header("Content-Security-Policy")).contains("worker-src 'self'").contains("default-src 'self'");

        pairedKiosk("Door A");
        String build = awaitServiceWorker();
        assertThat(worker.body()).contains("const BUILD = '" + build + "'");
        await("the storage answer is shown", SYNC, d -> body("storage") != null);
        assertThat(browser.find(By.id("offline-status")).getText())
                .contains(body("storage").equals("persistent") ? "storage kept" : "persistent storage refused");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void offline_the_door_admits_by_signature_refuses_the_rest_and_uploads_what_it_admitted_when_the_server_is_back() {
        JsonNode ada = server.register("Ada Lovelace", "ada@example.com");
        JsonNode bob = server.register("Bob Babbage", "bob@example.com");
        JsonNode carol = server.register("Carol Shaw", "carol@example.com");
        String bobsOldCode = bob.get("code").asText();
        server.admin("POST", "/api/tickets/" + bob.get("id").asText() + "/revoke", null);
        server.checkIn(carol.get("code").asText(), TestServer.ADMIN_TOKEN);
        pairedKiosk("Door A");
        awaitServiceWorker();
        awaitSynced(4); // Ada, Carol, Bob's revoked code and his new one

        // 1. The network cut by DevTools. Tickets issued meanwhile are genuine, with no entry yet.
        networkOffline(true);
        String dan = server.register("Dan Bricklin", "dan@example.com").get("code").asText();
        String eve = server.register("Eve Ritchie", "eve@example.com").get("code").asText();
        assertThat(scan(ada.get("code").asText())).isEqualTo("ok");
        assertThat(verdictTitle()).isEqualTo("Welcome, Ada Lovelace");
        assertThat(body("connection")).isEqualTo("offline");
        assertThat(browser.find(By.id("offline-banner")).getText()).isEqualTo("Offline — admitting by signature; 1 scan waiting");
        assertThat(scan(dan)).isEqualTo("ok");
        assertThat(verdictTitle()).isEqualTo("Ticket is genuine");
        assertThat(scan(forged(ada.get("code").asText()))).isEqualTo("invalid");
        assertThat(verdictTitle()).isEqualTo("Not a valid ticket");
        assertThat(browser.find(By.id("verdict-icon")).getText()).isEqualTo("✕");
        assertThat(scan(bobsOldCode)).isEqualTo("revoked");
        assertThat(verdictTitle()).isEqualTo("Ticket replaced");
        assertThat(scan(carol.get("code").asText())).isEqualTo("already");
        assertThat(verdictTitle()).isEqualTo("Already checked in");
        assertThat(browser.find(By.id("verdict-detail")).getText()).contains("Carol Shaw");
        browser.screenshot("kiosk-offline-already");
        assertThat(browser.find(By.id("offline-banner")).getText()).isEqualTo("Offline — admitting by signature; 2 scans waiting");

        // 2. Reloaded with no network: the service worker serves the page, the queue is still there.
        browser.get(server.baseUrl() + "/kiosk/");
        browser.waitUntil("the page is back, offline", d -> "Door A".equals(d.findElement(By.id("kiosk-name")).getText()));
        await("offline after the reload", SYNC, d -> "offline".equals(body("connection")) && "2".equals(body("queued")));
        assertThat(scan(ada.get("code").asText())).as("inside already: this kiosk let her in").isEqualTo("already");

        // 3. The server stopped, the network back: still offline, still admitting.
        int port = server.port();
        server.close();
        server = null;
        networkOffline(false);
        assertThat(scan(eve)).isEqualTo("ok");
        assertThat(verdictTitle()).isEqualTo("Ticket is genuine");
        browser.screenshot("kiosk-offline-banner");
        List<Map<String, Object>> queued = queued();
        assertThat(queued).extracting(q -> q.get("code")).containsExactly(ada.get("code").asText(), dan, eve);

        // 4. The server back: the queue goes up in order, once, with the scan times.
        server = TestServer.start(new Config("127.0.0.1", port, data, null, TestServer.ADMIN_TOKEN));
        await("the queue uploaded and the kiosk online", SYNC, d -> "online".equals(body("connection")) && "0".equals(body("queued")));
        assertThat(browser.find(By.id("offline-banner")).isDisplayed()).isFalse();
        Map<String, List<Instant>> arrivals = arrivals();
        assertThat(arrivals.keySet()).containsExactlyInAnyOrder("Ada Lovelace", "Dan Bricklin", "Eve Ritchie", "Carol Shaw");
        assertThat(arrivals.values()).allSatisfy(times -> assertThat(times).hasSize(1));
        Map<String, String> names = Map.of(ada.get("code").asText(), "Ada Lovelace", dan, "Dan Bricklin", eve, "Eve Ritchie");
        for (Map<String, Object> q : queued) {
            Instant at = Instant.parse((String) q.get("at")).truncatedTo(ChronoUnit.SECONDS);
            assertThat(arrivals.get(names.get((String) q.get("code")))).as("recorded at the scan time").containsExactly(at);
        }
    }

    @Test
    void offline_the_camera_still_scans_with_the_decoder_the_service_worker_kept(@TempDir Path videos) {
        JsonNode ada = server.register("Ada Lovelace", "ada@example.com");
        Path y4m = Y4m.writeStill(videos.resolve("ada.y4m"), CameraScanTest.centered(CameraScanTest.qr(ada.get("code").asText())), 10);
        openBrowser(Browser.Window.DESKTOP, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--use-file-for-fake-video-capture=" + y4m.toAbsolutePath());
        pairedKiosk("Door A");
        awaitServiceWorker();
        awaitSynced(1);

        networkOffline(true);
        browser.get(server.baseUrl() + "/kiosk/");
        await("the page is back, offline", SYNC, d -> "offline".equals(body("connection")) && "ready".equals(body("state")));
        browser.find(By.id("start")).click();
        await("a verdict from the camera", SYNC, d -> "ok".equals(browser.find(By.id("verdict")).getAttribute("data-verdict")));
        assertThat(verdictTitle()).isEqualTo("Welcome, Ada Lovelace");
        assertThat(body("decoder")).isEqualTo("zxing-wasm");

        networkOffline(false);
        await("the scan uploaded", SYNC, d -> "online".equals(body("connection")) && "0".equals(body("queued")));
        assertThat(server.get("/api/stats", TestServer.ADMIN_TOKEN).json().get("checkedIn").asInt()).isEqualTo(1);
    }

    @Test
    void a_ticket_picked_by_name_when_the_server_does_not_answer_is_could_not_check_in_grey_not_a_refusal() {
        server.register("Ada Lovelace", "ada@example.com");
        pairedKiosk("Door A");
        browser.find(By.id("search")).sendKeys("lovelace");
        browser.waitUntil("one match", d -> d.findElements(By.cssSelector("#results li")).size() == 1);
        networkOffline(true);
        browser.find(By.cssSelector("#results button")).click();
        browser.waitUntil("a verdict", d -> d.findElement(By.id("verdict")).isDisplayed());
        assertThat(browser.find(By.id("verdict")).getAttribute("data-verdict")).isEqualTo("unchecked");
        assertThat(browser.find(By.id("verdict")).getAttribute("data-tone")).isEqualTo("unchecked");
        assertThat(verdictTitle()).isEqualTo("Could not check — try again");
        assertThat(browser.find(By.id("verdict-icon")).getText()).isEqualTo("↻");
        String grey = (String) browser.script("return getComputedStyle(document.getElementById('verdict')).backgroundColor");
        assertThat(grey).isEqualTo("rgb(86, 96, 112)");
        browser.screenshot("kiosk-could-not-check");
    }

    @Test
    void the_offline_list_opens_only_the_entry_of_the_code_in_hand() {
        JsonNode ada = server.register("Ada Lovelace", "ada@example.com");
        JsonNode bob = server.register("Bob Babbage", "bob@example.com");
        openBrowser(Browser.Window.DESKTOP);
        browser.get(server.baseUrl() + "/kiosk/");
        JsonNode list = server.get("/api/offline", TestServer.ADMIN_TOKEN).json();
        assertThat(list.toString()).doesNotContain("Ada", "ada@example.com", "Bob");
        Object opened = browser.driver().executeAsyncScript("""
                const [entries, adaCode, bobCode, done] = arguments;
                Promise.all([import('/kiosk/offline-codes.js'), fetch('/api/event').then((r) => r.json())]).then(async ([c, event]) => {
                    const ada = c.readCode(adaCode, event.vocabulary.ticketCode);
                    const bob = c.readCode(bobCode, event.vocabulary.ticketCode);
                    const key = await c.importPublicKey(event.publicKey.spki);
                    const adaId = await c.entryIdOf(ada.serial);
                    const entry = entries.find((e) => e.id === adaId);
                    done({genuine: await c.isGenuine(key, ada), found: Boolean(entry),
                          name: await c.openName(ada.serial, adaId, entry.name),
                          withBobsCode: await c.openName(bob.serial, adaId, entry.name)});
                }).catch((e) => done('failed: ' + e));
                """, new ObjectMapper().convertValue(list.get("entries"), List.class), ada.get("code").asText(), bob.get("code").asText());
        assertThat(opened).asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry("genuine", true).containsEntry("found", true)
                .containsEntry("name", "Ada Lovelace").containsEntry("withBobsCode", null);
    }

    @Test
    void a_new_server_build_takes_over_and_offers_a_reload_when_the_door_is_idle() {
        restartServer("build-A");
        pairedKiosk("Door A");
        assertThat(awaitServiceWorker()).isEqualTo("build-A");

        int port = server.port();
        server.close();
        server = null;
        await("the kiosk noticed the server is gone", SYNC, d -> "offline".equals(body("connection")));
        withBuild("build-B", () -> server = TestServer.start(new Config("127.0.0.1", port, data, null, TestServer.ADMIN_TOKEN)));

        await("the new version is offered", SYNC, d -> d.findElement(By.id("update-prompt")).isDisplayed());
        await("the new service worker took over", SYNC, d -> "build-B".equals(body("build")));
        assertThat(browser.find(By.id("update-prompt")).getText()).contains("New version");
        browser.screenshot("kiosk-new-version");
        browser.find(By.id("update-reload")).click();
        browser.waitUntil("reloaded", d -> "Door A".equals(d.findElement(By.id("kiosk-name")).getText())
                && !d.findElement(By.id("update-prompt")).isDisplayed());
        assertThat(awaitServiceWorker()).isEqualTo("build-B");
    }

    @Test
    void a_pairing_link_opened_in_a_tab_already_on_the_kiosk_pairs_it() {
        openBrowser(Browser.Window.DESKTOP);
        browser.get(server.baseUrl() + "/kiosk/");
        browser.waitForData(By.tagName("body"), "state", "unpaired");
        JsonNode kiosk = server.createKiosk("Door C");
        browser.script("location.hash = arguments[0]", kiosk.get("pairingUrl").asText().replaceFirst("^[^#]*", ""));
        browser.waitUntil("paired by the new fragment", d -> "Door C".equals(d.findElement(By.id("kiosk-name")).getText()));
        assertThat(browser.driver().getCurrentUrl()).doesNotContain("pair=");
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_kiosk_revoked_by_staff_says_so_and_clears_its_name_and_counts() {
        JsonNode kiosk = pairedKiosk("Door A");
        server.admin("POST", "/api/kiosks/" + kiosk.get("id").asText() + "/revoke", null);
        await("unpaired", SYNC, d -> "unpaired".equals(body("state")));
        assertThat(browser.find(By.id("unpaired-reason")).getText()).isEqualTo("This kiosk was unpaired by staff.");
        assertThat(browser.find(By.id("kiosk-name")).getText()).isEmpty();
        assertThat(browser.find(By.id("count-event")).getText()).isEqualTo("–");
        assertThat(browser.find(By.id("count-mine")).getText()).isEqualTo("–");
        Object left = browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/kiosk/offline-store.js').then((m) => m.openOfflineStore())
                    .then(async (s) => done([await s.station(), await s.entryCount()]), (e) => done('failed: ' + e));
                """);
        assertThat((List<Object>) left).as("nothing of the event stays on the device").containsExactly(null, 0L);
    }

    @Test
    void the_camera_over_plain_http_on_the_lan_says_it_needs_https_and_links_the_trust_page() {
        JsonNode kiosk = server.createKiosk("Door L");
        openBrowser(Browser.Window.DESKTOP, "--host-resolver-rules=MAP usher-lan.test 127.0.0.1");
        browser.get("http://usher-lan.test:" + server.port() + kiosk.get("pairingUrl").asText());
        browser.waitUntil("kiosk paired", d -> "Door L".equals(d.findElement(By.id("kiosk-name")).getText()));
        assertThat(browser.script("return window.isSecureContext")).isEqualTo(false);
        browser.find(By.id("start")).click();
        browser.waitUntil("the camera note", d -> d.findElement(By.id("camera-note")).isDisplayed());
        assertThat(browser.find(By.id("camera-note")).getText()).startsWith("The camera needs HTTPS.");
        assertThat(browser.find(By.cssSelector("#camera-note a")).getAttribute("href")).endsWith("/trust/");
        assertThat(browser.consoleErrors()).noneMatch(e -> e.contains("getUserMedia"));
    }
}
