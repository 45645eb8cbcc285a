package dev.usher.checkin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.ServerTest;
import dev.usher.TestServer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static dev.usher.ApiAssertions.assertError;
import static dev.usher.TestServer.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/** POST /api/checkins with "offline": true: the queue a kiosk uploads when the network is back. */
class OfflineUploadTest extends ServerTest {
    private final ObjectMapper json = new ObjectMapper();
    /** Whole seconds, so the spreadsheet's times (to the second) compare exactly. */
    private final Instant doorsOpen = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);

    private TestServer.Response upload(String token, String code, String nonce, Instant at) {
        return upload(token, code, nonce, at.toString(), "entry");
    }

    private TestServer.Response upload(String token, String code, String nonce, String at, String type) {
        var body = json.createObjectNode().put("code", code).put("list", "main").put("type", type).put("nonce", nonce).put("offline", true);
        if (at != null) {
            body.put("at", at);
        }
        return server.post("/api/checkins", body.toString(), token);
    }

    private JsonNode stats() {
        return server.get("/api/stats", ADMIN_TOKEN).json();
    }

    private String kiosk(String name) {
        return server.createKiosk(name).get("token").asText();
    }

    @Test
    void two_doors_admitting_one_ticket_offline_make_one_check_in_and_one_conflict() {
        String north = kiosk("North door");
        String south = kiosk("South door");
        String code = server.register("Ada Lovelace", "ada@example.com").get("code").asText();

        TestServer.Response first = upload(north, code, "north-1", doorsOpen);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().get("status").asText()).isEqualTo("ok");
        TestServer.Response second = upload(south, code, "south-1", doorsOpen.plusSeconds(1));
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.json().get("status").asText()).isEqualTo("conflict");
        assertThat(second.json().get("conflict").asBoolean()).isTrue();
        assertThat(second.json().get("reason").asText()).isEqualTo("already_redeemed");
        assertThat(second.json().at("/firstCheckin/kiosk").asText()).isEqualTo("North door");
        assertThat(Instant.parse(second.json().at("/firstCheckin/at").asText())).isEqualTo(doorsOpen);

        JsonNode stats = stats();
        assertThat(stats.get("checkedIn").asInt()).isEqualTo(1);
        assertThat(stats.at("/lists/0/entries").asInt()).isEqualTo(1);
        assertThat(stats.get("conflicts").asInt()).isEqualTo(1);

        JsonNode conflicts = server.get("/api/dashboard", ADMIN_TOKEN).json().get("conflicts");
        assertThat(conflicts).hasSize(1);
        JsonNode c = conflicts.get(0);
        assertThat(c.get("name").asText()).isEqualTo("Ada Lovelace");
        assertThat(c.get("kiosk").asText()).isEqualTo("South door");
        assertThat(c.get("list").asText()).isEqualTo("main");
        assertThat(c.get("reason").asText()).isEqualTo("already_redeemed");
        assertThat(Instant.parse(c.get("at").asText())).isEqualTo(doorsOpen.plusSeconds(1));
        assertThat(c.at("/firstCheckin/kiosk").asText()).isEqualTo("North door");
        assertThat(Instant.parse(c.at("/firstCheckin/at").asText())).isEqualTo(doorsOpen);

    }

    @Test
    void a_code_revoked_meanwhile_is_recorded_with_a_conflict_and_never_twice() {
        String door = kiosk("Door");
        JsonNode ticket = server.register("Grace Hopper", "grace@example.com");
        String old = ticket.get("code").asText();
        String fresh = server.admin("POST", "/api/tickets/" + ticket.get("id").asText() + "/revoke", null).json().at("/ticket/code").asText();

        TestServer.Response r = upload(door, old, "n-1", doorsOpen);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("conflict");
        assertThat(r.json().get("reason").asText()).isEqualTo("revoked");
        assertThat(r.json().get("checkinId").asLong()).isPositive();
        assertThat(stats().get("checkedIn").asInt()).isEqualTo(1);
        assertThat(stats().get("conflicts").asInt()).isEqualTo(1);

        // The new code, scanned offline at another moment, finds them inside: a second conflict, no second entry.
        TestServer.Response again = upload(door, fresh, "n-2", doorsOpen.plusSeconds(60));
        assertThat(again.json().get("reason").asText()).isEqualTo("already_redeemed");
        assertThat(again.json().get("checkinId").asLong()).isEqualTo(r.json().get("checkinId").asLong());
        assertThat(stats().at("/lists/0/entries").asInt()).isEqualTo(1);
        assertThat(stats().get("conflicts").asInt()).isEqualTo(2);
    }

    @Test
    void a_ticket_cancelled_meanwhile_is_recorded_with_a_conflict() {
        String door = kiosk("Door");
        JsonNode ticket = server.register("Alan Turing", "alan@example.com");
        server.admin("POST", "/api/tickets/" + ticket.get("id").asText() + "/revoke", "{\"reissue\":false}");
        TestServer.Response r = upload(door, ticket.get("code").asText(), "n-1", doorsOpen);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("conflict");
        assertThat(r.json().get("reason").asText()).isEqualTo("canceled");
        assertThat(stats().at("/lists/0/entries").asInt()).isEqualTo(1);
        assertThat(stats().get("conflicts").asInt()).isEqualTo(1);
    }

    @Test
    void a_forged_code_uploaded_offline_is_never_a_check_in() {
        String door = kiosk("Door");
        String genuine = server.register("Ada Lovelace", "ada@example.com").get("code").asText();
        // Same serial, another signature: what a forger who saw one code could make.
        char last = genuine.charAt(genuine.length() - 2);
        String forged = genuine.substring(0, genuine.length() - 2) + (last == 'A' ? 'B' : 'A') + genuine.charAt(genuine.length() - 1);
        for (String code : List.of(forged, "A".repeat(124), "not a code")) {
            TestServer.Response r = upload(door, code, "f-" + code.hashCode(), doorsOpen);
            assertThat(r.status()).as(r.body()).isEqualTo(404);
            assertThat(r.json().get("status").asText()).isEqualTo("error");
            assertThat(r.json().get("reason").asText()).isEqualTo("invalid");
        }
        assertThat(stats().get("checkedIn").asInt()).isZero();
        assertThat(stats().get("conflicts").asInt()).isZero();
    }

    @Test
    void an_upload_sent_twice_with_one_nonce_is_recorded_once_and_answered_alike() {
        String north = kiosk("North door");
        String south = kiosk("South door");
        String code = server.register("Ada Lovelace", "ada@example.com").get("code").asText();
        TestServer.Response first = upload(north, code, "q-1", doorsOpen);
        assertThat(upload(north, code, "q-1", doorsOpen).body()).isEqualTo(first.body());
        TestServer.Response conflict = upload(south, code, "q-1", doorsOpen.plusSeconds(1));
        TestServer.Response replayed = upload(south, code, "q-1", doorsOpen.plusSeconds(1));
        assertThat(replayed.status()).isEqualTo(200);
        assertThat(replayed.body()).isEqualTo(conflict.body());
        assertThat(replayed.json().get("status").asText()).isEqualTo("conflict");
        assertThat(stats().at("/lists/0/entries").asInt()).isEqualTo(1);
        assertThat(stats().get("conflicts").asInt()).isEqualTo(1);
    }

    @Test
    void the_spreadsheet_keeps_the_scan_times_at_the_door() throws IOException {
        String door = kiosk("Door");
        String ada = server.register("Ada Lovelace", "ada@example.com").get("code").asText();
        String grace = server.register("Grace Hopper", "grace@example.com").get("code").asText();
        upload(door, ada, "t-1", doorsOpen);
        upload(door, grace, "t-2", doorsOpen.plusSeconds(7));
        TestServer.Response exit = upload(door, ada, "t-3", doorsOpen.plusSeconds(600).toString(), "exit");
        assertThat(exit.status()).as(exit.body()).isEqualTo(201);

        TestServer.Response csv = server.get("/api/checkins.csv", ADMIN_TOKEN);
        String text = new String(csv.raw().body(), 3, csv.raw().body().length - 3, StandardCharsets.UTF_8);
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text)).setFormat(format).get()) {
            List<Instant> times = parser.getRecords().stream().map(r -> OffsetDateTime.parse(r.get("at")).toInstant()).sorted().toList();
            assertThat(times).containsExactly(doorsOpen, doorsOpen.plusSeconds(7), doorsOpen.plusSeconds(600));
        }
    }

    @Test
    void an_offline_scan_needs_a_believable_scan_time() {
        String door = kiosk("Door");
        String code = server.register("Ada Lovelace", "ada@example.com").get("code").asText();
        assertError(upload(door, code, "c-1", null, "entry"), 400, "missing_time");
        assertError(upload(door, code, "c-2", Instant.now().plus(Duration.ofHours(1))), 400, "invalid_time");
        assertError(upload(door, code, "c-3", Instant.now().minus(Duration.ofDays(30))), 400, "invalid_time");
        assertError(upload(door, code, "c-4", "yesterday", "entry"), 400, "invalid_time");
        assertThat(stats().get("checkedIn").asInt()).isZero();
        // A tablet clock a minute fast is fine.
        assertThat(upload(door, code, "c-5", Instant.now().plus(Duration.ofMinutes(1))).status()).isEqualTo(201);
    }
}
