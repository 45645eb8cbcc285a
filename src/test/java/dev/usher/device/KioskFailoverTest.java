package dev.usher.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.Browser;
import dev.usher.Config;
import dev.usher.PgCluster;
import dev.usher.TestServer;
import dev.usher.store.PostgresUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes of one event on PostgreSQL, each started with its own --public-url, and a door kiosk
 * paired on the first: when that node stops answering, the kiosk goes on with the other one, which
 * lets the first node's kiosk page call it (CORS) and nothing more.
 */
class KioskFailoverTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private TestServer a;
    private TestServer b;
    private String originA;
    private String originB;
    private Browser tablet;

    @BeforeEach
    void startTwoNodes() {
        PostgresUrl db = PgCluster.shared().freshDatabase();
        int portA = freePort();
        int portB = freePort();
        originA = "http://127.0.0.1:" + portA;
        originB = "http://127.0.0.1:" + portB;
        a = node("a", portA, db);
        b = node("b", portB, db);
    }

    @AfterEach
    void stop() {
        if (tablet != null) {
            tablet.close();
        }
        for (TestServer s : new TestServer[]{a, b}) {
            if (s != null) {
                s.close();
            }
        }
    }

    private TestServer node(String name, int port, PostgresUrl db) {
        return TestServer.start(new Config("127.0.0.1", port, dir.resolve(name), null, TestServer.ADMIN_TOKEN)
                .withDatabase(db).withPublicUrl("http://127.0.0.1:" + port));
    }

    @Test
    void a_kiosk_whose_node_stops_answering_goes_on_with_the_other_node_and_loses_no_scan() {
        String ada = a.register("Ada Lovelace", "ada@example.com").get("code").asText();
        String grace = a.register("Grace Hopper", "grace@example.com").get("code").asText();
        String alan = a.register("Alan Turing", "alan@example.com").get("code").asText();
        String link = a.createKiosk("Main door").get("pairingLink").asText();
        assertThat(link).startsWith(originA + "/kiosk/#pair=").endsWith("&nodes=" + String.join(",", sorted(originA, originB)));

        tablet = Browser.open(Browser.Window.DESKTOP);
        DoorKiosk door = new DoorKiosk(tablet);
        tablet.get(link);
        tablet.waitUntil("kiosk paired", d -> "Main door".equals(d.findElement(By.id("kiosk-name")).getText()));
        door.awaitServiceWorker();
        door.awaitSynced(3);
        assertThat(door.body("node")).isEqualTo(originA);
        assertThat(door.scan(ada)).isEqualTo("ok");
        assertThat(door.text("verdict-detail")).doesNotContain("Checked offline");

        // Node A stops: the scan in front of the kiosk is decided by signature, and the kiosk moves on.
        a.close();
        a = null;
        assertThat(door.scan(grace)).isEqualTo("ok");
        assertThat(door.verdictTitle()).isEqualTo("Welcome, Grace Hopper");
        assertThat(door.text("verdict-detail")).contains("Checked offline");
        door.awaitUploaded();
        assertThat(door.body("node")).isEqualTo(originB);

        // Node B answers the next scan itself, and its live stream brings the counts.
        assertThat(door.scan(alan)).isEqualTo("ok");
        assertThat(door.verdictTitle()).isEqualTo("Welcome, Alan Turing");
        assertThat(door.text("verdict-detail")).doesNotContain("Checked offline");
        tablet.waitUntil("the counts live from node B", DoorKiosk.SYNC,
                d -> "3".equals(door.text("count-event")) && "live".equals(door.body("counts")));

        // The tablet restarts the page with node A still gone: it loads from the service worker and
        // goes straight to node B, where the name search works too.
        tablet.driver().navigate().refresh();
        tablet.waitUntil("the page is back, online through node B", DoorKiosk.SYNC,
                d -> "ready".equals(door.body("state")) && "online".equals(door.body("connection")) && originB.equals(door.body("node")));
        tablet.find(By.id("search")).sendKeys("Grace");
        tablet.waitUntil("Grace found through node B", DoorKiosk.SYNC,
                d -> d.findElements(By.cssSelector("#results li")).size() == 1);

        JsonNode stats = b.get("/api/stats", TestServer.ADMIN_TOKEN).json();
        assertThat(stats.get("checkedIn").asInt()).isEqualTo(3);
        assertThat(Arrivals.byName(b)).containsOnlyKeys("Ada Lovelace", "Grace Hopper", "Alan Turing")
                .allSatisfy((name, times) -> assertThat(times).as(name).hasSize(1));
    }

    @Test
    void a_node_lets_the_other_nodes_kiosk_pages_call_its_kiosk_routes_and_nothing_else() throws Exception {
        String kiosk = a.createKiosk("Main door").get("token").asText();

        HttpResponse<String> preflight = send(HttpRequest.newBuilder(URI.create(b.baseUrl() + "/api/checkins"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", originA).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type"));
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(originA);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("")).contains("Authorization", "Content-Type");

        HttpResponse<String> stranger = send(HttpRequest.newBuilder(URI.create(b.baseUrl() + "/api/checkins"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://tickets.example.org").header("Access-Control-Request-Method", "POST"));
        assertThat(stranger.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(stranger.body()).get("error").asText()).isEqualTo("cross_origin");
        assertThat(stranger.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        HttpResponse<String> offline = send(HttpRequest.newBuilder(URI.create(b.baseUrl() + "/api/offline"))
                .header("Origin", originA).header("Authorization", "Bearer " + kiosk));
        assertThat(offline.statusCode()).isEqualTo(200);
        assertThat(offline.headers().firstValue("Access-Control-Allow-Origin")).hasValue(originA);
        assertThat(JSON.readTree(offline.body()).get("nodes")).containsExactlyElementsOf(
                sorted(originA, originB).stream().map(JSON.getNodeFactory()::textNode).toList());

        // The preflight lets any request of a node's page through; the route decides: staff's routes refuse it.
        HttpResponse<String> staffRoute = send(HttpRequest.newBuilder(URI.create(b.baseUrl() + "/api/tickets"))
                .header("Origin", originA).header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Eve\",\"email\":\"eve@example.com\"}")));
        assertThat(staffRoute.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(staffRoute.body()).get("error").asText()).isEqualTo("cross_origin");
        assertThat(b.get("/api/stats", TestServer.ADMIN_TOKEN).json().get("registered").asInt()).as("nothing registered").isZero();

        // The kiosk page may connect to every node; the other pages only to their own server.
        assertThat(b.get("/kiosk/").raw().headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("connect-src 'self' " + String.join(" ", sorted(originA, originB)) + ";");
        assertThat(b.get("/dashboard/").raw().headers().firstValue("Content-Security-Policy").orElse("")).contains("connect-src 'self';");
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> sorted(String... origins) {
        return List.of(origins).stream().sorted().toList();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
