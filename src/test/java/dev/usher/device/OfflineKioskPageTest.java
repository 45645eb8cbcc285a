package dev.usher.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.Browser;
import dev.usher.BrowserTest;
import dev.usher.Config;
import dev.usher.TestServer;
import dev.usher.kiosk.KioskServiceWorker;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offline door in headless Chromium: the kiosk as an installed app (service worker, one per
 * server build), admitting by signature with the network cut by DevTools and with the server
 * stopped, and uploading what it admitted when the server is back.
 */
class OfflineKioskPageTest extends BrowserTest {
    private static final Duration SYNC = DoorKiosk.SYNC;

    private JsonNode pairedKiosk(String name) {
        JsonNode kiosk = server.createKiosk(name);
        if (browser == null) {
            openBrowser(Browser.Window.DESKTOP);
        }
        door().pair(server.baseUrl(), kiosk.get("pairingUrl").asText(), name);
        return kiosk;
    }

    /** The kiosk in this test's browser (opened by then). */
    private DoorKiosk door() {
        return new DoorKiosk(browser);
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
        String build = door().awaitServiceWorker();
        assertThat(worker.body()).contains("const BUILD = '" + build + "'");
        await("the storage answer is shown", SYNC, d -> door().body("storage") != null);
        assertThat(browser.find(By.id("offline-status")).getText())
                .contains(door().body("storage").equals("persistent") ? "storage kept" : "persistent storage refused");
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
        door().awaitServiceWorker();
        door().awaitSynced(4); // Ada, Carol, Bob's revoked code and his new one

        // 1. The network cut by DevTools. Tickets issued meanwhile are genuine, with no entry yet.
        door().networkOffline(true);
        String dan = server.register("Dan Bricklin", "dan@example.com").get("code").asText();
        String eve = server.register("Eve Ritchie", "eve@example.com").get("code").asText();
        assertThat(door().scan(ada.get("code").asText())).isEqualTo("ok");
        assertThat(door().verdictTitle()).isEqualTo("Welcome, Ada Lovelace");
        assertThat(door().body("connection")).isEqualTo("offline");
        assertThat(browser.find(By.id("offline-banner")).getText()).isEqualTo("Offline — admitting by signature; 1 scan waiting");
        assertThat(door().scan(dan)).isEqualTo("ok");
        assertThat(door().verdictTitle()).isEqualTo("Ticket is genuine");
        assertThat(door().scan(forged(ada.get("code").asText()))).isEqualTo("invalid");
        assertThat(door().verdictTitle()).isEqualTo("Not a valid ticket");
        assertThat(browser.find(By.id("verdict-icon")).getText()).isEqualTo("✕");
        assertThat(door().scan(bobsOldCode)).isEqualTo("revoked");
        assertThat(door().verdictTitle()).isEqualTo("Ticket replaced");
        assertThat(door().scan(carol.get("code").asText())).isEqualTo("already");
        assertThat(door().verdictTitle()).isEqualTo("Already checked in");
        assertThat(browser.find(By.id("verdict-detail")).getText()).contains("Carol Shaw");
        browser.screenshot("kiosk-offline-already");
        assertThat(browser.find(By.id("offline-banner")).getText()).isEqualTo("Offline — admitting by signature; 2 scans waiting");

        // 2. Reloaded with no network: the service worker serves the page, the queue is still there.
        browser.get(server.baseUrl() + "/kiosk/");
        browser.waitUntil("the page is back, offline", d -> "Door A".equals(d.findElement(By.id("kiosk-name")).getText()));
        await("offline after the reload", SYNC, d -> "offline".equals(door().body("connection")) && "2".equals(door().body("queued")));
        assertThat(door().scan(ada.get("code").asText())).as("inside already: this kiosk let her in").isEqualTo("already");

        // 3. The server stopped, the network back: still offline, still admitting.
        int port = server.port();
        server.close();
        server = null;
        door().networkOffline(false);
        assertThat(door().scan(eve)).isEqualTo("ok");
        assertThat(door().verdictTitle()).isEqualTo("Ticket is genuine");
        browser.screenshot("kiosk-offline-banner");
        List<Map<String, Object>> queued = door().queued();
        assertThat(queued).extracting(q -> q.get("code")).containsExactly(ada.get("code").asText(), dan, eve);

        // 4. The server back: the queue goes up in order, once, with the scan times.
        server = TestServer.start(new Config("127.0.0.1", port, data, null, TestServer.ADMIN_TOKEN));
        await("the queue uploaded and the kiosk online", SYNC, d -> "online".equals(door().body("connection")) && "0".equals(door().body("queued")));
        assertThat(browser.find(By.id("offline-banner")).isDisplayed()).isFalse();
        Map<String, List<Instant>> arrivals = Arrivals.byName(server);
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
        door().awaitServiceWorker();
        door().awaitSynced(1);

        door().networkOffline(true);
        browser.get(server.baseUrl() + "/kiosk/");
        await("the page is back, offline", SYNC, d -> "offline".equals(door().body("connection")) && "ready".equals(door().body("state")));
        browser.find(By.id("start")).click();
        await("a verdict from the camera", SYNC, d -> "ok".equals(browser.find(By.id("verdict")).getAttribute("data-verdict")));
        assertThat(door().verdictTitle()).isEqualTo("Welcome, Ada Lovelace");
        assertThat(door().body("decoder")).isEqualTo("zxing-wasm");

        door().networkOffline(false);
        await("the scan uploaded", SYNC, d -> "online".equals(door().body("connection")) && "0".equals(door().body("queued")));
        assertThat(server.get("/api/stats", TestServer.ADMIN_TOKEN).json().get("checkedIn").asInt()).isEqualTo(1);
    }

    @Test
    void a_ticket_picked_by_name_when_the_server_does_not_answer_is_could_not_check_in_grey_not_a_refusal() {
        server.register("Ada Lovelace", "ada@example.com");
        pairedKiosk("Door A");
        browser.find(By.id("search")).sendKeys("lovelace");
        browser.waitUntil("one match", d -> d.findElements(By.cssSelector("#results li")).size() == 1);
        door().networkOffline(true);
        browser.find(By.cssSelector("#results button")).click();
        browser.waitUntil("a verdict", d -> d.findElement(By.id("verdict")).isDisplayed());
        assertThat(browser.find(By.id("verdict")).getAttribute("data-verdict")).isEqualTo("unchecked");
        assertThat(browser.find(By.id("verdict")).getAttribute("data-tone")).isEqualTo("unchecked");
        assertThat(door().verdictTitle()).isEqualTo("Could not check — try again");
        assertThat(browser.find(By.id("verdict-icon")).getText()).isEqualTo("↻");
        String grey = (String) browser.script("return getComputedStyle(document.getElementById('verdict')).backgroundColor");
        assertThat(grey).isEqualTo("rgb(86, 96, 112)");
        browser.screenshot("kiosk-could-not-check");
    }

    @Test
    void a_kiosk_that_could_keep_nothing_on_the_device_says_could_not_check_offline_not_a_refusal() {
        String ada = server.register("Ada Lovelace", "ada@example.com").get("code").asText();
        JsonNode kiosk = server.createKiosk("Door A");
        openBrowser(Browser.Window.DESKTOP);
        // A browser that refuses the page its storage (as private modes and locked-down tablets do):
        // the kiosk never keeps the event's key, so offline it cannot tell a genuine code from a forgery.
        browser.driver().executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "Object.defineProperty(window, 'indexedDB', {get() { throw new DOMException('storage blocked', 'SecurityError'); }});"));
        door().pair(server.baseUrl(), kiosk.get("pairingUrl").asText(), "Door A");
        assertThat(door().body("offlineEntries")).as("never synced").isNull();

        door().networkOffline(true);
        assertThat(door().scan(ada)).isEqualTo("unchecked");
        assertThat(browser.find(By.id("verdict")).getAttribute("data-tone")).isEqualTo("unchecked");
        assertThat(door().verdictTitle()).isEqualTo("Could not check — try again");
        assertThat(browser.find(By.id("verdict-icon")).getText()).isEqualTo("↻");
        door().networkOffline(false);
        assertThat(server.get("/api/stats", TestServer.ADMIN_TOKEN).json().get("checkedIn").asInt()).as("nothing recorded").isZero();
    }

    @Test
    void offline_the_door_greets_and_refuses_in_the_servers_words_for_the_same_ticket_state() {
        String ada = server.register("Ada Lovelace", "ada@example.com").get("code").asText();
        String bob = server.register("Bob Babbage", "bob@example.com").get("code").asText();
        String carol = server.register("Carol Shaw", "carol@example.com").get("code").asText();
        server.checkIn(bob, TestServer.ADMIN_TOKEN);
        server.checkIn(carol, TestServer.ADMIN_TOKEN);
        pairedKiosk("Door A");
        door().awaitSynced(3);
        door().networkOffline(true);

        // Each scan offline, then the server asked about the same ticket in the same state (the kiosk's scan has not reached it).
        assertThat(door().scan(ada)).isEqualTo("ok");
        assertThat(door().verdictTitle()).isEqualTo(onlineTitle(ada, "entry")).isEqualTo("Welcome, Ada Lovelace");
        door().setMode("exit");
        assertThat(door().scan(bob)).isEqualTo("ok");
        assertThat(door().verdictTitle()).isEqualTo(onlineTitle(bob, "exit")).isEqualTo("Goodbye, Bob Babbage");
        door().setMode("entry");
        assertThat(door().scan(carol)).isEqualTo("already");
        assertThat(door().verdictTitle()).isEqualTo(onlineTitle(carol, "entry")).isEqualTo("Already checked in");
    }

    /** The headline the server gives a scan of {@code code} at the main door in {@code direction}. */
    private String onlineTitle(String code, String direction) {
        String body = new ObjectMapper().createObjectNode().put("code", code).put("type", direction).toString();
        return server.post("/api/checkins", body, TestServer.ADMIN_TOKEN).json().get("title").asText();
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
        assertThat(door().awaitServiceWorker()).isEqualTo("build-A");

        int port = server.port();
        server.close();
        server = null;
        await("the kiosk noticed the server is gone", SYNC, d -> "offline".equals(door().body("connection")));
        withBuild("build-B", () -> server = TestServer.start(new Config("127.0.0.1", port, data, null, TestServer.ADMIN_TOKEN)));

        await("the new version is offered", SYNC, d -> d.findElement(By.id("update-prompt")).isDisplayed());
        await("the new service worker took over", SYNC, d -> "build-B".equals(door().body("build")));
        assertThat(browser.find(By.id("update-prompt")).getText()).contains("New version");
        browser.screenshot("kiosk-new-version");
        browser.find(By.id("update-reload")).click();
        browser.waitUntil("reloaded", d -> "Door A".equals(d.findElement(By.id("kiosk-name")).getText())
                && !d.findElement(By.id("update-prompt")).isDisplayed());
        assertThat(door().awaitServiceWorker()).isEqualTo("build-B");
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
        await("unpaired", SYNC, d -> "unpaired".equals(door().body("state")));
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
