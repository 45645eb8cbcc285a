package dev.usher.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.usher.Browser;
import dev.usher.BrowserTest;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A kiosk left running at the door follows what changes meanwhile: staff editing the event (by the
 * live stream or, when the stream is down, by the offline sync), and its own admissions while the
 * server cannot count them.
 */
class KioskFollowsEventTest extends BrowserTest {
    private static final String RENAMED = "Workers, renamed";
    private static final String ADDED = "A late addition";

    private DoorKiosk pairedKiosk(String name) {
        JsonNode kiosk = server.createKiosk(name);
        DoorKiosk door = new DoorKiosk(browser);
        door.pair(server.baseUrl(), kiosk.get("pairingUrl").asText(), name);
        return door;
    }

    /** Staff rename the first talk's list and add a talk (a list) through PUT /api/event. */
    private void renameAListAndAddOne() {
        TestServer.Response file = server.get("/api/event/file", TestServer.ADMIN_TOKEN);
        ObjectNode event = (ObjectNode) file.json();
        ArrayNode talks = (ArrayNode) event.get("talks");
        ObjectNode added = talks.get(0).deepCopy();
        ((ObjectNode) talks.get(0)).put("title", RENAMED);
        talks.add(added.put("id", "a-late-addition").put("title", ADDED));
        TestServer.Response put = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/event"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).header("Content-Type", "application/json")
                .header("If-Match", file.header("ETag")).PUT(HttpRequest.BodyPublishers.ofString(event.toString())).build());
        assertThat(put.status()).as(put.body()).isEqualTo(200);
    }

    @SuppressWarnings("unchecked")
    private List<String> listChoices() {
        return (List<String>) browser.script("return [...document.querySelectorAll('#list option')].map((o) => o.textContent)");
    }

    private void awaitListChoices() {
        browser.waitUntil("the kiosk's list choice redrawn", DoorKiosk.SYNC,
                d -> listChoices().contains(RENAMED) && listChoices().contains(ADDED));
    }

    @Test
    void staff_renaming_and_adding_a_list_reach_the_running_kiosk_without_a_reload() {
        openBrowser(Browser.Window.DESKTOP);
        DoorKiosk door = pairedKiosk("Door A");
        browser.script("window.notReloaded = true");
        renameAListAndAddOne();

        awaitListChoices();
        assertThat(browser.script("return window.notReloaded === true")).isEqualTo(true);
        browser.find(By.id("list")).sendKeys(ADDED);
        browser.waitUntil("the added list chosen", d -> door.text("list-name").startsWith(ADDED));
    }

    @Test
    @SuppressWarnings("unchecked")
    void with_the_live_stream_down_the_offline_sync_brings_the_edited_event_and_keeps_it_on_the_device() {
        openBrowser(Browser.Window.DESKTOP);
        DoorKiosk door = new DoorKiosk(browser);
        // The stream is held by DevTools from the first page load on: only the sync names the revision.
        door.holdRequests("*/api/stats/stream*");
        pairedKiosk("Door A");
        door.awaitSynced(0);
        renameAListAndAddOne();

        awaitListChoices();
        assertThat(door.body("counts")).as("no snapshot reached the kiosk: the stream was held").isNull();
        Object kept = browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/kiosk/offline-store.js').then((m) => m.openOfflineStore()).then((s) => s.station())
                    .then((s) => done(s.event.lists.map((l) => l.name)), (e) => done('failed: ' + e));
                """);
        assertThat((List<String>) kept).as("the station kept for an offline start").contains(RENAMED, ADDED);
    }

    @Test
    void offline_the_header_counts_go_on_from_the_kiosks_own_admissions_marked_approximate() {
        // Carol came in before the kiosk opened: the event's count starts at 1.
        server.checkIn(server.register("Carol Shaw", "carol@example.com").get("code").asText(), TestServer.ADMIN_TOKEN);
        String ada = server.register("Ada Lovelace", "ada@example.com").get("code").asText();
        String bob = server.register("Bob Babbage", "bob@example.com").get("code").asText();
        openBrowser(Browser.Window.DESKTOP);
        DoorKiosk door = pairedKiosk("Door A");
        door.awaitSynced(3);
        browser.waitUntil("the live counts", DoorKiosk.SYNC, d -> "live".equals(door.body("counts")) && "1".equals(door.text("count-event")));
        assertThat(door.text("count-mine")).isEqualTo("0");
        assertThat(door.text("count-registered")).isEqualTo("3");

        door.networkOffline(true);
        assertThat(door.scan(ada)).isEqualTo("ok");
        assertThat(door.scan(bob)).isEqualTo("ok");
        browser.waitUntil("the counts go on offline", DoorKiosk.SYNC, d -> "≈2".equals(door.text("count-mine")) && "≈3".equals(door.text("count-event")));
        assertThat(door.body("counts")).isEqualTo("approximate");
        browser.screenshot("kiosk-offline-counts");

        door.networkOffline(false);
        door.awaitUploaded();
        browser.waitUntil("the server's counts again", DoorKiosk.SYNC, d -> "live".equals(door.body("counts"))
                && "2".equals(door.text("count-mine")) && "3".equals(door.text("count-event")));
    }
}
