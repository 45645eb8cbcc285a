package dev.usher.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventTest {
    @TempDir
    Path data;

    @Test
    void the_default_event_is_the_oakland_serverless_evening() {
        try (TestServer server = TestServer.start(data)) {
            JsonNode e = server.get("/api/event").json();
            assertThat(e.get("name").asText()).isEqualTo("Serverless: an inside look");
            assertThat(e.get("date").asText()).isEqualTo("2019-02-21");
            assertThat(e.at("/venue/city").asText()).isEqualTo("Oakland");
            assertThat(e.get("doorsOpen").asText()).isEqualTo("18:00");
            assertThat(e.get("doorsOpenAt").asText()).isEqualTo("2019-02-21T18:00-08:00");
            assertThat(e.get("talks").findValuesAsText("speaker")).containsExactly("Kenton Varda", "Gabbi Fisher", "Kas Perch");
            assertThat(e.get("talks").findValuesAsText("start")).containsExactly("18:30", "19:00", "19:30");
            assertThat(e.at("/talks/0/title").asText()).isEqualTo("How Workers Work");
            assertThat(e.at("/talks/0/abstract").asText()).startsWith("In an ideal world");
            assertThat(e.get("agenda").findValuesAsText("time")).containsExactly("18:00", "18:30", "19:00", "19:30", "20:00", "20:30");
            assertThat(e.at("/publicKey/alg").asText()).isEqualTo("Ed25519");
            assertThat(e.at("/publicKey/spki").asText()).isNotBlank();
        }
    }

    @Test
    void an_event_file_with_a_mistake_names_the_mistake() throws IOException {
        Path file = data.resolve("event.json");
        Files.writeString(file, """
                {"name": "Meetup", "date": "2026-13-01", "timezone": "Europe/Berlin",
                 "venue": {"name": "Hall"}, "doorsOpen": "18:00"}
                """);
        assertThatThrownBy(() -> new EventFile().load(file)).isInstanceOf(InvalidEventException.class).hasMessageContaining("event.json");

        Files.writeString(file, """
                {"name": "Meetup", "date": "2026-12-01", "timezone": "Mars/Olympus",
                 "venue": {"name": "Hall"}, "doorsOpen": "18:00"}
                """);
        assertThatThrownBy(() -> new EventFile().load(file)).hasMessageContaining("Mars/Olympus");

        Files.writeString(file, """
                {"name": "Meetup", "date": "2026-12-01", "timezone": "Europe/Berlin", "venue": {"name": "Hall"},
                 "doorsOpen": "18:00", "talks": [{"id": "main", "title": "T", "start": "19:00"}]}
                """);
        assertThatThrownBy(() -> new EventFile().load(file)).hasMessageContaining("main");
    }

    @Test
    void another_event_file_is_served_with_its_own_lists() throws IOException {
        Path file = data.resolve("meetup.json");
        Files.writeString(file, """
                {"name": "Berlin Java Meetup", "date": "2026-12-01", "timezone": "Europe/Berlin",
                 "venue": {"name": "Hall 3", "city": "Berlin", "country": "DE"}, "doorsOpen": "18:30",
                 "talks": [{"id": "records", "title": "Records in practice", "speaker": "A. Speaker", "start": "19:00", "end": "19:45"}]}
                """);
        try (TestServer server = TestServer.start(new dev.usher.Config("127.0.0.1", 0, data.resolve("d"), file, TestServer.ADMIN_TOKEN))) {
            JsonNode e = server.get("/api/event").json();
            assertThat(e.get("name").asText()).isEqualTo("Berlin Java Meetup");
            assertThat(e.get("registrationOpen").asBoolean()).isTrue();
            assertThat(e.get("lists").findValuesAsText("id")).containsExactly("main", "records");
        }
    }
}
