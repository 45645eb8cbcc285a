package dev.usher.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.ServerTest;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A door tablet can be lost: what a kiosk token can read is counts, never other people. */
class KioskProjectionTest extends ServerTest {

    @Test
    void a_kiosks_live_stream_carries_counts_but_no_names_and_no_other_devices() throws Exception {
        String doorA = server.createKiosk("Door A").get("token").asText();
        String doorB = server.createKiosk("Door B").get("token").asText();
        server.checkIn(server.register("Ada Lovelace", "ada@example.com").get("code").asText(), doorB);
        try (SseTestClient sse = new SseTestClient(server.baseUrl() + "/api/stats/stream", doorA, null)) {
            SseTestClient.Event event = sse.next(Duration.ofSeconds(5));
            assertThat(event.data()).doesNotContain("Ada").doesNotContain("Door B").doesNotContain("ada@example.com");
            JsonNode snapshot = event.json();
            assertThat(snapshot.at("/stats/checkedIn").asInt()).isEqualTo(1);
            assertThat(snapshot.at("/stats/kiosks")).extracting(k -> k.get("name").asText()).containsOnly("Door A");
            assertThat(snapshot.get("recent")).isEmpty();
        }
        // Staff still see everything.
        try (SseTestClient sse = new SseTestClient(server.baseUrl() + "/api/stats/stream", TestServer.ADMIN_TOKEN, null)) {
            assertThat(sse.next(Duration.ofSeconds(5)).data()).contains("Ada Lovelace").contains("Door B");
        }
        String stats = server.get("/api/stats", doorA).body();
        assertThat(stats).doesNotContain("Door B");
    }

    @Test
    void a_kiosks_live_stream_counts_offline_conflicts_but_never_lists_them() throws Exception {
        String north = server.createKiosk("North door").get("token").asText();
        String south = server.createKiosk("South door").get("token").asText();
        String code = server.register("Ada Lovelace", "ada@example.com").get("code").asText();
        String at = java.time.Instant.now().minusSeconds(60).toString();
        for (String kiosk : java.util.List.of(north, south)) {
            String body = "{\"code\":\"" + code + "\",\"nonce\":\"n\",\"offline\":true,\"at\":\"" + at + "\"}";
            assertThat(server.post("/api/checkins", body, kiosk).status()).isIn(200, 201);
        }
        try (SseTestClient sse = new SseTestClient(server.baseUrl() + "/api/stats/stream", north, null)) {
            SseTestClient.Event event = sse.next(Duration.ofSeconds(5));
            assertThat(event.json().at("/stats/conflicts").asInt()).isEqualTo(1);
            assertThat(event.json().get("conflicts")).isEmpty();
            assertThat(event.data()).doesNotContain("Ada").doesNotContain("South door");
        }
        try (SseTestClient sse = new SseTestClient(server.baseUrl() + "/api/stats/stream", TestServer.ADMIN_TOKEN, null)) {
            JsonNode conflict = sse.next(Duration.ofSeconds(5)).json().at("/conflicts/0");
            assertThat(conflict.get("kiosk").asText()).isEqualTo("South door");
            assertThat(conflict.at("/firstCheckin/kiosk").asText()).isEqualTo("North door");
        }
    }

    @Test
    void a_kiosk_search_answers_masked_emails_and_staff_get_them_whole() {
        String kiosk = server.createKiosk("Door A").get("token").asText();
        server.register("Ada Lovelace", "ada.lovelace@example.com");
        JsonNode match = server.get("/api/tickets?q=ada", kiosk).json().at("/tickets/0");
        assertThat(match.get("name").asText()).isEqualTo("Ada Lovelace");
        assertThat(match.get("email").asText()).isEqualTo("ad…@example.com");
        assertThat(server.get("/api/tickets?q=ada", TestServer.ADMIN_TOKEN).json().at("/tickets/0/email").asText())
                .isEqualTo("ada.lovelace@example.com");
    }
}
