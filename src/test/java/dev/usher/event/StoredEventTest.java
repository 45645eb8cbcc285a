package dev.usher.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.Config;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The data folder keeps its event; a changed event file is applied only when it loses no check-ins. */
class StoredEventTest {
    @TempDir
    Path dir;

    private static final String MEETUP = """
            {"name": "Berlin Java Meetup", "date": "2026-12-01", "timezone": "Europe/Berlin",
             "venue": {"name": "Hall 3", "city": "Berlin", "country": "DE"}, "doorsOpen": "18:30",
             "talks": [%s]}
            """;
    private static final String RECORDS = "{\"id\": \"records\", \"title\": \"Records in practice\", \"start\": \"19:00\", \"end\": \"19:45\"}";
    private static final String LOOM = "{\"id\": \"loom\", \"title\": \"Loom at work\", \"start\": \"20:00\", \"end\": \"20:30\"}";

    private Path file(String name, String talks) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, MEETUP.formatted(talks));
        return f;
    }

    private Config config(Path event) {
        return new Config("127.0.0.1", 0, dir.resolve("data"), event, TestServer.ADMIN_TOKEN);
    }

    private static long listCount(TestServer server, String list) {
        for (JsonNode l : server.get("/api/stats", TestServer.ADMIN_TOKEN).json().get("lists")) {
            if (l.get("id").asText().equals(list)) {
                return l.get("checkedIn").asLong();
            }
        }
        return -1;
    }

    @Test
    void a_restart_without_event_keeps_the_event_and_its_lists() throws IOException {
        try (TestServer server = TestServer.start(config(file("meetup.json", RECORDS)))) {
            String code = server.register("Ada", "ada@example.com").get("code").asText();
            assertThat(server.post("/api/checkins", "{\"code\":\"" + code + "\",\"list\":\"records\"}", TestServer.ADMIN_TOKEN).status())
                    .isEqualTo(201);
        }
        try (TestServer server = TestServer.start(config(null))) {
            JsonNode e = server.get("/api/event").json();
            assertThat(e.get("name").asText()).isEqualTo("Berlin Java Meetup");
            assertThat(e.get("lists").findValuesAsText("id")).containsExactly("main", "records");
            assertThat(listCount(server, "records")).isEqualTo(1);
        }
    }

    @Test
    void an_event_file_that_drops_a_list_with_check_ins_is_refused_and_changes_nothing() throws IOException {
        try (TestServer server = TestServer.start(config(file("meetup.json", RECORDS)))) {
            String code = server.register("Ada", "ada@example.com").get("code").asText();
            server.post("/api/checkins", "{\"code\":\"" + code + "\",\"list\":\"records\"}", TestServer.ADMIN_TOKEN);
        }
        Path without = file("without.json", LOOM);
        assertThatThrownBy(() -> TestServer.start(config(without)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("'records' (1 check-in)").hasMessageContaining("Nothing was changed")
                .hasMessageContaining("--drop-lists records");
        try (TestServer server = TestServer.start(config(null))) {
            assertThat(server.get("/api/event").json().get("lists").findValuesAsText("id")).containsExactly("main", "records");
        }
        // Said explicitly, it is applied.
        try (TestServer server = TestServer.start(config(without).withEvent(without, Set.of("records")))) {
            assertThat(server.get("/api/event").json().get("lists").findValuesAsText("id")).containsExactly("main", "loom");
        }
    }

    @Test
    void an_event_file_that_adds_a_talk_or_drops_an_unused_one_is_applied_at_once() throws IOException {
        try (TestServer server = TestServer.start(config(file("meetup.json", RECORDS)))) {
            assertThat(server.get("/api/event").json().get("lists").findValuesAsText("id")).containsExactly("main", "records");
        }
        try (TestServer server = TestServer.start(config(file("more.json", LOOM)))) {
            assertThat(server.get("/api/event").json().get("lists").findValuesAsText("id")).containsExactly("main", "loom");
        }
        try (TestServer server = TestServer.start(config(null))) {
            assertThat(server.get("/api/event").json().get("lists").findValuesAsText("id")).containsExactly("main", "loom");
        }
    }

    @Test
    void every_bad_field_is_named_with_the_form_it_takes() throws IOException {
        assertThatThrownBy(() -> load("""
                {"name": "M", "date": "2026-12-01", "timezone": "Europe/Berlin", "venue": {"name": "H"}, "doorsOpen": "7pm"}"""))
                .hasMessageContaining("doorsOpen: \"7pm\" is not a time; write HH:MM, e.g. \"19:00\"")
                .hasMessageNotContaining("java.");
        assertThatThrownBy(() -> load("""
                {"name": "M", "date": "1 Dec", "timezone": "Europe/Berlin", "venue": {"name": "H"}, "doorsOpen": "19:00"}"""))
                .hasMessageContaining("date: \"1 Dec\" is not a date; write YYYY-MM-DD");
        assertThatThrownBy(() -> load("""
                {"name": "M", "date": "2026-12-01", "timezone": "Europe/Berlin", "venue": {"name": "H"}, "doorsOpen": "19:00",
                 "capacity": 120}"""))
                .hasMessageContaining("unknown field \"capacity\"").hasMessageContaining("doorsOpen").hasMessageNotContaining("dev.usher");
        assertThatThrownBy(() -> load("""
                {"name": "M", "date": "2026-12-01", "timezone": "Europe/Berlin", "venue": {"name": "H", "room": "3"}, "doorsOpen": "19:00"}"""))
                .hasMessageContaining("unknown field \"room\" in venue");
        assertThatThrownBy(() -> load("""
                {"name": "M", "date": "2026-12-01", "timezone": "Europe/Berlin", "venue": {"name": "H"}, "doorsOpen": "19:00",
                 "talks": [{"id": "a", "title": "A", "start": "19:00"}, {"id": "b", "title": "B", "start": "half past"}]}"""))
                .hasMessageContaining("talks[1].start: \"half past\" is not a time");
        assertThatThrownBy(() -> load("""
                {"name": "M", "date": "2026-12-01", "timezone": "Europe/Berlin", "venue": {"name": "H"}, "doorsOpen": "19:00",
                 "talks": [{"id": "a", "title": "A", "start": "19:00", "end": "18:00"}]}"""))
                .hasMessageContaining("talk 'a' ends (18:00) before it starts (19:00)");
        assertThatThrownBy(() -> load("""
                {"name": "M", "date": "2026-12-01", "timezone": "Europe/Berlin", "venue": {"name": "H"}, "doorsOpen": "19:00",
                 "registration": {"open": "yes"}}"""))
                .hasMessageContaining("registration.open").hasMessageContaining("true or false");
        assertThatThrownBy(() -> load("{\"name\": \"M\",}")).hasMessageContaining("not valid JSON").hasMessageContaining("line 1");
    }

    @Test
    void a_capacity_closes_the_public_form_when_reached_and_a_cancellation_frees_a_place() throws IOException {
        Path f = dir.resolve("small.json");
        Files.writeString(f, MEETUP.formatted(RECORDS).replace("\"doorsOpen\": \"18:30\",",
                "\"doorsOpen\": \"18:30\", \"registration\": {\"open\": true, \"capacity\": 2},"));
        try (TestServer server = TestServer.start(config(f))) {
            assertThat(server.get("/api/event").json().at("/registration/capacity").asInt()).isEqualTo(2);
            String ada = server.post("/api/registrations", "{\"name\":\"Ada\",\"email\":\"ada@example.com\"}").json().at("/ticket/id").asText();
            assertThat(server.post("/api/registrations", "{\"name\":\"Bo\",\"email\":\"bo@example.com\"}").status()).isEqualTo(201);
            TestServer.Response full = server.post("/api/registrations", "{\"name\":\"Cy\",\"email\":\"cy@example.com\"}");
            assertThat(full.status()).isEqualTo(403);
            assertThat(full.json().get("error").asText()).isEqualTo("sold_out");
            assertThat(full.json().get("message").asText()).contains("sold out", "2 places");
            // Someone who has a ticket still gets it again; staff can still issue past the limit.
            assertThat(server.post("/api/registrations", "{\"name\":\"Ada\",\"email\":\"ada@example.com\"}").status()).isEqualTo(200);
            assertThat(server.post("/api/tickets", "{\"name\":\"Vip\",\"email\":\"vip@example.com\"}", TestServer.ADMIN_TOKEN).status())
                    .isEqualTo(201);
            server.admin("POST", "/api/tickets/" + ada + "/revoke", "{\"reissue\":false}");
            server.admin("POST", "/api/tickets/" + server.get("/api/tickets?q=vip", TestServer.ADMIN_TOKEN).json().at("/tickets/0/id").asText()
                    + "/revoke", "{\"reissue\":false}");
            assertThat(server.post("/api/registrations", "{\"name\":\"Cy\",\"email\":\"cy@example.com\"}").status()).isEqualTo(201);
        }
    }

    @Test
    void the_stored_form_reads_back_as_the_same_event() {
        EventFile files = new EventFile();
        Event seed = files.seed();
        assertThat(files.parse(files.write(seed), "stored")).isEqualTo(seed);
    }

    private Event load(String json) throws IOException {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, json);
        return new EventFile().load(f);
    }
}
