package dev.usher.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.Config;
import dev.usher.PgCluster;
import dev.usher.TestServer;
import dev.usher.store.PostgresUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code migrate --from --to}: an event's database, key and token moved to another database, checked by counts. */
class MigrateCommandTest {
    @TempDir
    Path dir;

    /** What a migrated event must still answer: the same people, arrivals, key and token. */
    record Event(String spki, String arrivedCode, String waitingCode, String arrivedName) {
    }

    static Event seed(TestServer server) {
        JsonNode ada = server.register("Ada Lovelace", "ada@example.com");
        JsonNode alan = server.register("Alan Turing", "alan@example.com");
        server.register("Grace Hopper", "grace@example.com");
        assertThat(server.checkIn(ada.get("code").asText(), TestServer.ADMIN_TOKEN).status()).isEqualTo(201);
        return new Event(server.get("/api/event").json().at("/publicKey/spki").asText(), ada.get("code").asText(),
                alan.get("code").asText(), "Ada Lovelace");
    }

    /** The copy answers as the original did: a second scan of the arrived ticket is refused, a new one admitted. */
    static void assertSameEvent(TestServer server, Event event) {
        assertThat(server.get("/api/event").json().at("/publicKey/spki").asText()).isEqualTo(event.spki());
        assertThat(server.get("/api/stats", TestServer.ADMIN_TOKEN).json().at("/checkedIn").asInt()).isEqualTo(1);
        assertThat(server.get("/api/tickets", TestServer.ADMIN_TOKEN).json().at("/tickets").size()).isEqualTo(3);
        TestServer.Response again = server.checkIn(event.arrivedCode(), TestServer.ADMIN_TOKEN);
        assertThat(again.json().get("reason").asText()).isEqualTo("already_redeemed");
        assertThat(again.json().at("/ticket/name").asText()).as(again.body()).isEqualTo(event.arrivedName());
        assertThat(server.checkIn(event.waitingCode(), TestServer.ADMIN_TOKEN).status()).isEqualTo(201);
        // New rows get ids past the copied ones.
        assertThat(server.register("Katherine Johnson", "katherine@example.com").get("code").asText()).isNotBlank();
    }

    static Result migrate(String from, String to) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = new MigrateCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8), Clock.systemUTC())
                .run(List.of("--from", from, "--to", to));
        return new Result(code, bytes.toString(StandardCharsets.UTF_8));
    }

    record Result(int code, String output) {
    }

    @Test
    void a_data_folder_moves_to_another_with_its_key_token_tickets_and_arrivals() throws Exception {
        Path a = dir.resolve("a");
        // The token kept in the data folder, as on a real first start (no USHER_ADMIN_TOKEN).
        Files.createDirectories(a);
        Files.writeString(a.resolve("admin-token"), TestServer.ADMIN_TOKEN + "\n");
        Event event;
        try (TestServer server = TestServer.start(new Config("127.0.0.1", 0, a, null, null))) {
            event = seed(server);
        }

        Result result = migrate(a.resolve("usher.db").toString(), dir.resolve("b/usher.db").toString());

        assertThat(result.code()).as(result.output()).isZero();
        assertThat(result.output()).contains("tickets").contains("checkins").doesNotContain("DIFFERENT")
                .contains("event key: copied; admin token: copied");
        try (TestServer server = TestServer.start(new Config("127.0.0.1", 0, dir.resolve("b"), null, null))) {
            assertSameEvent(server, event);
        }
    }

    @Test
    void an_event_moves_from_sqlite_to_postgresql_and_back() throws Exception {
        Path a = dir.resolve("a");
        Files.createDirectories(a);
        Files.writeString(a.resolve("admin-token"), TestServer.ADMIN_TOKEN + "\n");
        Event event;
        try (TestServer server = TestServer.start(new Config("127.0.0.1", 0, a, null, null))) {
            event = seed(server);
        }
        PostgresUrl pg = PgCluster.shared().freshDatabase();

        Result up = migrate(a.resolve("usher.db").toString(), pg.withPassword());
        assertThat(up.code()).as(up.output()).isZero();
        assertThat(up.output()).doesNotContain("DIFFERENT").contains("event key: copied; admin token: copied");
        // A node on PostgreSQL takes key and token from the database; its own folder has neither.
        try (TestServer node = TestServer.start(new Config("127.0.0.1", 0, dir.resolve("node"), null, null).withDatabase(pg))) {
            assertSameEvent(node, event);
        }
        assertThat(dir.resolve("node/admin-token")).doesNotExist();

        Result again = migrate(a.resolve("usher.db").toString(), pg.withPassword());
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.output()).contains("is not empty");

        Result down = migrate(pg.withPassword(), dir.resolve("back/usher.db").toString());
        assertThat(down.code()).as(down.output()).isZero();
        try (TestServer server = TestServer.start(new Config("127.0.0.1", 0, dir.resolve("back"), null, null))) {
            assertThat(server.get("/api/event").json().at("/publicKey/spki").asText()).isEqualTo(event.spki());
            // The scans made on PostgreSQL came back too: both tickets are in now.
            assertThat(server.get("/api/stats", TestServer.ADMIN_TOKEN).json().at("/checkedIn").asInt()).isEqualTo(2);
            assertThat(server.get("/api/tickets", TestServer.ADMIN_TOKEN).json().at("/tickets").size()).isEqualTo(4);
        }
    }

    @Test
    void a_target_that_exists_or_a_missing_source_is_refused_and_nothing_is_written() throws Exception {
        Path a = dir.resolve("a");
        try (TestServer server = TestServer.start(a)) {
            seed(server);
        }
        Path b = dir.resolve("b");
        try (TestServer server = TestServer.start(b)) {
            server.register("Someone Else", "else@example.com");
        }
        long before = Files.size(b.resolve("usher.db"));

        Result exists = migrate(a.resolve("usher.db").toString(), b.resolve("usher.db").toString());
        assertThat(exists.code()).isEqualTo(1);
        assertThat(exists.output()).contains("already exists");
        assertThat(Files.size(b.resolve("usher.db"))).isEqualTo(before);

        Result missing = migrate(dir.resolve("nowhere/usher.db").toString(), dir.resolve("c/usher.db").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.output()).contains("there is no database at");
        assertThat(dir.resolve("c")).doesNotExist();

        Result wrongFile = migrate(dir.resolve("a/other.db").toString(), dir.resolve("c/usher.db").toString());
        assertThat(wrongFile.code()).isEqualTo(2);
        assertThat(wrongFile.output()).contains("usage:");
    }
}
