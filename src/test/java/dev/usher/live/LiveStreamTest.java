package dev.usher.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.ServerTest;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LiveStreamTest extends ServerTest {

    private SseTestClient connect(String token, String lastEventId) {
        return new SseTestClient(server.baseUrl() + "/api/stats/stream", token, lastEventId);
    }

    @Test
    void a_new_client_gets_a_full_snapshot_at_once() throws Exception {
        server.register("Ada", "ada@example.com");
        try (SseTestClient sse = connect(TestServer.ADMIN_TOKEN, null)) {
            assertThat(sse.status).isEqualTo(200);
            SseTestClient.Event first = sse.next(Duration.ofSeconds(2));
            assertThat(first).isNotNull();
            assertThat(first.name()).isEqualTo("snapshot");
            assertThat(first.id()).isNotBlank();
            assertThat(first.json().at("/stats/registered").asInt()).isEqualTo(1);
            assertThat(first.json().get("recent").isArray()).isTrue();
        }
    }

    @Test
    void an_event_edit_reaches_kiosks_and_dashboards_as_a_new_revision() throws Exception {
        String kiosk = server.createKiosk("Door A").get("token").asText();
        try (SseTestClient staff = connect(TestServer.ADMIN_TOKEN, null); SseTestClient door = connect(kiosk, null)) {
            String before = staff.next(Duration.ofSeconds(5)).json().get("event").asText();
            assertThat(door.next(Duration.ofSeconds(5)).json().get("event").asText()).isEqualTo(before);
            String file = server.get("/api/event/file", TestServer.ADMIN_TOKEN).body();
            TestServer.Response r = server.admin("PUT", "/api/event", file.replaceFirst("\"name\" : \"[^\"]*\"", "\"name\" : \"Renamed\""));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            String after = r.json().get("revision").asText();
            assertThat(after).isNotEqualTo(before);
            for (SseTestClient sse : List.of(staff, door)) {
                SseTestClient.Event e = sse.next(Duration.ofSeconds(10));
                while (e != null && !e.json().get("event").asText().equals(after)) {
                    e = sse.next(Duration.ofSeconds(10));
                }
                assertThat(e).as("a snapshot with the new revision").isNotNull();
            }
        }
    }

    @Test
    void a_check_in_reaches_a_connected_client_within_a_second() throws Exception {
        String code = server.register("Ada", "ada@example.com").get("code").asText();
        String kiosk = server.createKiosk("Door A").get("token").asText();
        // Staff watch (a kiosk's own stream carries counts only: KioskProjectionTest).
        try (SseTestClient sse = connect(TestServer.ADMIN_TOKEN, null)) {
            sse.next(Duration.ofSeconds(2));
            sse.events.clear();
            Thread.sleep(300); // let the kiosk's own creation settle out of the stream
            sse.events.clear();
            long before = System.nanoTime();
            assertThat(server.checkIn(code, kiosk).status()).isEqualTo(201);
            SseTestClient.Event update = null;
            while (update == null || update.json().at("/stats/checkedIn").asInt() != 1) {
                update = sse.next(Duration.ofSeconds(1));
                assertThat(update).as("an update within 1 s").isNotNull();
            }
            assertThat(TimeUnit.NANOSECONDS.toMillis(update.receivedNanos() - before)).isLessThan(1000);
            JsonNode recent = update.json().at("/recent/0");
            assertThat(recent.get("name").asText()).isEqualTo("Ada");
            assertThat(recent.get("status").asText()).isEqualTo("ok");
            assertThat(recent.get("kiosk").asText()).isEqualTo("Door A");
            assertThat(update.json().get("arrivalsPerMinute").get(0).get("count").asInt()).isEqualTo(1);
        }
    }

    @Test
    void a_burst_of_scans_is_coalesced_into_a_handful_of_events() throws Exception {
        String kiosk = TestServer.ADMIN_TOKEN; // a kiosk token would be rate-limited at this pace
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            codes.add(server.register("Guest " + i, "guest" + i + "@example.com").get("code").asText());
        }
        try (SseTestClient sse = connect(TestServer.ADMIN_TOKEN, null)) {
            sse.next(Duration.ofSeconds(2));
            Thread.sleep(500);
            sse.events.clear();
            List<Thread> doors = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int first = t;
                doors.add(new Thread(() -> {
                    for (int i = first; i < codes.size(); i += 4) {
                        server.checkIn(codes.get(i), kiosk);
                    }
                }));
            }
            doors.forEach(Thread::start);
            for (Thread d : doors) {
                d.join();
            }
            SseTestClient.Event last = null;
            SseTestClient.Event e;
            while ((e = sse.next(Duration.ofSeconds(1))) != null) {
                last = e;
            }
            assertThat(last).isNotNull();
            assertThat(last.json().at("/stats/checkedIn").asInt()).isEqualTo(100);
            int received = 1 + sse.events.size();
            assertThat(received).as("events for 100 scans").isLessThan(30);
        }
    }

    @Test
    void reconnecting_with_last_event_id_gets_a_snapshot() throws Exception {
        String id;
        try (SseTestClient sse = connect(TestServer.ADMIN_TOKEN, null)) {
            id = sse.next(Duration.ofSeconds(2)).id();
        }
        server.register("Ada", "ada@example.com");
        try (SseTestClient again = connect(TestServer.ADMIN_TOKEN, id)) {
            SseTestClient.Event snapshot = again.next(Duration.ofSeconds(2));
            assertThat(snapshot.name()).isEqualTo("snapshot");
            assertThat(snapshot.json().at("/stats/registered").asInt()).isEqualTo(1);
            assertThat(Long.parseLong(snapshot.id())).isGreaterThan(Long.parseLong(id));
        }
    }

    @Test
    void an_idle_stream_gets_heartbeats() throws Exception {
        try (SseTestClient sse = connect(TestServer.ADMIN_TOKEN, null)) {
            sse.next(Duration.ofSeconds(2));
            String beat = sse.comments.poll(LiveStream.HEARTBEAT_SECONDS + 5, TimeUnit.SECONDS);
            assertThat(beat).isEqualTo("heartbeat");
        }
    }

    @Test
    void a_kiosk_that_only_watches_the_stream_is_seen_at_every_heartbeat() throws Exception {
        String kiosk = server.createKiosk("Quiet door").get("token").asText();
        try (SseTestClient sse = connect(kiosk, null)) {
            sse.next(Duration.ofSeconds(2));
            String connected = lastSeen("Quiet door");
            assertThat(connected).isNotEmpty();
            // No request from the kiosk from here on: only its open stream says it is there.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LiveStream.HEARTBEAT_SECONDS * 2 + 10);
            while (lastSeen("Quiet door").equals(connected) && System.nanoTime() < deadline) {
                sse.comments.poll(1, TimeUnit.SECONDS);
            }
            assertThat(Instant.parse(lastSeen("Quiet door"))).isAfter(Instant.parse(connected));
        }
    }

    private String lastSeen(String kioskName) {
        for (JsonNode d : server.get("/api/stats", TestServer.ADMIN_TOKEN).json().get("kiosks")) {
            if (d.get("name").asText().equals(kioskName)) {
                return d.path("lastSeen").asText();
            }
        }
        return "";
    }

    @Test
    void one_device_token_holds_at_most_twenty_streams_and_gets_a_clear_429_past_that() throws Exception {
        String viewer = server.post("/api/viewers", "{\"name\":\"Lead\"}", TestServer.ADMIN_TOKEN).json().get("token").asText();
        List<SseTestClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                SseTestClient sse = connect(viewer, null);
                open.add(sse);
                assertThat(sse.status).isEqualTo(200);
                assertThat(sse.next(Duration.ofSeconds(5))).as("snapshot on stream " + i).isNotNull();
            }
            try (SseTestClient extra = connect(viewer, null)) {
                assertThat(extra.status).isEqualTo(429);
            }
            TestServer.Response limited = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/stats/stream"))
                    .header("Authorization", "Bearer " + viewer).header("Accept", "text/event-stream").GET().build());
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.json().get("error").asText()).isEqualTo("too_many_streams");
            // Another device is not held back by this one.
            String kiosk = server.createKiosk("Door A").get("token").asText();
            try (SseTestClient other = connect(kiosk, null)) {
                assertThat(other.status).isEqualTo(200);
            }
        } finally {
            open.forEach(SseTestClient::close);
        }
    }

    @Test
    void a_revoked_viewer_is_cut_off_at_once() throws Exception {
        JsonNode viewer = server.post("/api/viewers", "{\"name\":\"Volunteer lead\"}", TestServer.ADMIN_TOKEN).json();
        assertThat(viewer.get("pairingUrl").asText()).startsWith("/dashboard/#pair=");
        try (SseTestClient sse = connect(viewer.get("token").asText(), null)) {
            assertThat(sse.next(Duration.ofSeconds(2))).isNotNull();
            server.admin("POST", "/api/viewers/" + viewer.get("id").asText() + "/revoke", null);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (!sse.ended() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(sse.ended()).as("stream closed by the server").isTrue();
        }
        try (SseTestClient again = connect(viewer.get("token").asText(), null)) {
            assertThat(again.status).isEqualTo(401);
        }
    }

    @Test
    void the_stream_asked_for_without_accepting_an_event_stream_is_a_clear_406() {
        TestServer.Response r = server.get("/api/stats/stream", TestServer.ADMIN_TOKEN);
        assertThat(r.status()).isEqualTo(406);
        assertThat(r.json().get("error").asText()).isEqualTo("not_acceptable");
    }

    @Test
    void the_stream_needs_a_token() {
        try (SseTestClient sse = connect(null, null)) {
            assertThat(sse.status).isEqualTo(401);
        }
    }

    @Test
    void viewers_may_watch_but_not_scan_or_manage() {
        String token = server.post("/api/viewers", "{\"name\":\"Lead\"}", TestServer.ADMIN_TOKEN).json().get("token").asText();
        assertThat(server.get("/api/dashboard", token).status()).isEqualTo(200);
        assertThat(server.get("/api/stats", token).status()).isEqualTo(200);
        assertThat(server.post("/api/checkins", "{\"code\":\"X\"}", token).status()).isEqualTo(403);
        assertThat(server.get("/api/tickets?q=ada", token).status()).isEqualTo(403);
        assertThat(server.get("/api/kiosks", token).status()).isEqualTo(403);
        assertThat(server.get("/api/me", token).json().get("role").asText()).isEqualTo("viewer");
    }
}
