package dev.usher.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counts a dashboard sees are added up from the rows written since the last read (SQLite), or
 * read afresh (PostgreSQL); either way they must be what counting every row from scratch gives,
 * through entries, exits, re-entries, refusals, talks and annulments, and after a restart.
 */
class LiveCountsTest {
    @TempDir
    Path data;
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void counts_read_step_by_step_are_the_counts_a_fresh_start_makes() throws Exception {
        server = TestServer.start(data);
        String kiosk = server.createKiosk("Door A").get("token").asText();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            codes.add(server.register("Guest " + i, "guest" + i + "@example.com").get("code").asText());
        }
        // A read after every step, so that each step is added to the counts kept from the one before.
        assertThat(scan(codes.get(0), "entry", "main", kiosk).status()).isEqualTo(201);
        assertThat(stats().get("checkedIn").asInt()).isEqualTo(1);
        assertThat(scan(codes.get(1), "entry", "main", TestServer.ADMIN_TOKEN).status()).isEqualTo(201);
        assertThat(scan(codes.get(0), "exit", "main", kiosk).status()).isEqualTo(201);
        assertThat(stats().get("inside").asInt()).isEqualTo(1);
        long reEntry = scan(codes.get(0), "entry", "main", kiosk).json().get("checkinId").asLong();
        assertThat(stats().get("inside").asInt()).isEqualTo(2);
        assertThat(scan(codes.get(1), "entry", "main", kiosk).json().get("reason").asText()).isEqualTo("already_redeemed");
        assertThat(scan("not-a-ticket", "entry", "main", kiosk).json().get("reason").asText()).isEqualTo("invalid");
        assertThat(scan(codes.get(2), "entry", "how-workers-work", kiosk).status()).isEqualTo(201);
        assertThat(stats().at("/lists/1/checkedIn").asInt()).isEqualTo(1);

        // Annulling Guest 0's re-entry: still checked in once (the first entry stands), no longer inside.
        assertThat(server.post("/api/checkins/" + reEntry + "/annul", "{}", TestServer.ADMIN_TOKEN).status()).isEqualTo(200);
        JsonNode afterAnnul = stats();
        assertThat(afterAnnul.get("checkedIn").asInt()).isEqualTo(2);
        assertThat(afterAnnul.get("inside").asInt()).isEqualTo(1);
        // Guest 3's only entry, annulled: not checked in at all; then counted again when it enters anew.
        long only = scan(codes.get(3), "entry", "main", kiosk).json().get("checkinId").asLong();
        assertThat(stats().get("checkedIn").asInt()).isEqualTo(3);
        assertThat(server.post("/api/checkins/" + only + "/annul", "{}", TestServer.ADMIN_TOKEN).status()).isEqualTo(200);
        assertThat(stats().get("checkedIn").asInt()).isEqualTo(2);
        assertThat(scan(codes.get(3), "entry", "main", kiosk).status()).isEqualTo(201);

        JsonNode stepByStep = stats();
        assertThat(stepByStep.get("checkedIn").asInt()).isEqualTo(3);
        assertThat(stepByStep.get("inside").asInt()).isEqualTo(2);
        assertThat(stepByStep.at("/lists/0/entries").asInt()).isEqualTo(3);
        assertThat(stepByStep.at("/lists/0/exits").asInt()).isEqualTo(1);
        JsonNode door = kiosk(stepByStep, "Door A");
        assertThat(door.get("scans").asInt()).isEqualTo(8);
        assertThat(door.get("admitted").asInt()).isEqualTo(6);
        assertThat(door.get("refused").asInt()).isEqualTo(2);
        JsonNode minutes = firstSnapshot().get("arrivalsPerMinute");
        assertThat(minutes.findValues("count").stream().mapToInt(JsonNode::asInt).sum()).isEqualTo(3);

        server.close();
        server = TestServer.start(data);
        assertThat(stats()).as("counted afresh after a restart").isEqualTo(stepByStep);
        assertThat(firstSnapshot().get("arrivalsPerMinute")).isEqualTo(minutes);
    }

    private TestServer.Response scan(String code, String type, String list, String token) {
        return server.post("/api/checkins", "{\"code\":\"" + code + "\",\"type\":\"" + type + "\",\"list\":\"" + list + "\"}", token);
    }

    private JsonNode stats() {
        TestServer.Response r = server.get("/api/stats", TestServer.ADMIN_TOKEN);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private JsonNode firstSnapshot() throws InterruptedException {
        try (SseTestClient sse = new SseTestClient(server.baseUrl() + "/api/stats/stream", TestServer.ADMIN_TOKEN, null)) {
            SseTestClient.Event first = sse.next(Duration.ofSeconds(10));
            assertThat(first).as("a snapshot on connect").isNotNull();
            return first.json();
        }
    }

    private static JsonNode kiosk(JsonNode stats, String name) {
        for (JsonNode k : stats.get("kiosks")) {
            if (k.get("name").asText().equals(name)) {
                return k;
            }
        }
        throw new AssertionError("no kiosk " + name + " in " + stats);
    }
}
