package dev.usher.device;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.Browser;
import dev.usher.BrowserTest;
import dev.usher.Config;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tablet whose browser is quit and started again while the venue has no server: the same
 * browser profile (service worker, IndexedDB, localStorage) brings the door back with what it
 * kept, and nothing made before or after the restart is lost or doubled on upload.
 */
class OfflineBrowserRestartTest extends BrowserTest {
    @TempDir
    Path profile;

    @Test
    void a_browser_restarted_with_the_server_down_opens_the_door_from_the_service_worker_and_loses_no_scan() {
        String ada = server.register("Ada Lovelace", "ada@example.com").get("code").asText();
        String bob = server.register("Bob Babbage", "bob@example.com").get("code").asText();
        server.register("Carol Shaw", "carol@example.com");
        JsonNode kiosk = server.createKiosk("Door A");
        openBrowserOnProfile(Browser.Window.DESKTOP, profile);
        DoorKiosk door = new DoorKiosk(browser);
        door.pair(server.baseUrl(), kiosk.get("pairingUrl").asText(), "Door A");
        door.awaitServiceWorker();
        door.awaitSynced(3);

        int port = server.port();
        String kioskPage = server.baseUrl() + "/kiosk/";
        server.close();
        server = null;
        assertThat(door.scan(ada)).isEqualTo("ok");
        assertThat(door.verdictTitle()).isEqualTo("Welcome, Ada Lovelace");

        openBrowserOnProfile(Browser.Window.DESKTOP, profile);
        door = new DoorKiosk(browser);
        browser.get(kioskPage);
        DoorKiosk restarted = door;
        browser.waitUntil("the page is back from the service worker, offline", DoorKiosk.SYNC,
                d -> "Door A".equals(restarted.text("kiosk-name")) && "offline".equals(restarted.body("connection")));
        assertThat(door.body("queued")).as("the scan made before the restart").isEqualTo("1");
        assertThat(door.text("offline-banner")).isEqualTo("Offline — admitting by signature; 1 scan waiting");
        assertThat(door.scan(bob)).isEqualTo("ok");
        assertThat(door.verdictTitle()).isEqualTo("Welcome, Bob Babbage");
        assertThat(door.scan(ada)).as("this kiosk let her in before the restart").isEqualTo("already");
        assertThat(door.text("offline-banner")).isEqualTo("Offline — admitting by signature; 2 scans waiting");
        List<Map<String, Object>> queued = door.queued();
        assertThat(queued).extracting(q -> q.get("code")).containsExactly(ada, bob);

        server = TestServer.start(new Config("127.0.0.1", port, data, null, TestServer.ADMIN_TOKEN));
        door.awaitUploaded();
        Map<String, List<Instant>> arrivals = Arrivals.byName(server);
        assertThat(arrivals.keySet()).containsExactlyInAnyOrder("Ada Lovelace", "Bob Babbage");
        Map<String, String> names = Map.of(ada, "Ada Lovelace", bob, "Bob Babbage");
        for (Map<String, Object> q : queued) {
            Instant at = Instant.parse((String) q.get("at")).truncatedTo(ChronoUnit.SECONDS);
            assertThat(arrivals.get(names.get((String) q.get("code")))).as("recorded once, at the scan time").containsExactly(at);
        }
    }
}
