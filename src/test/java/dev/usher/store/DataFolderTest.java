package dev.usher.store;

import dev.usher.Config;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static dev.usher.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The data folder holds every name, email and valid code: who may read it, and what start-up refuses. */
class DataFolderTest {
    @TempDir
    Path dir;

    private Path data() {
        return dir.resolve("data");
    }

    private TestServer start(boolean newDatabase) {
        return TestServer.start(new Config("127.0.0.1", 0, data(), null, TestServer.ADMIN_TOKEN, null, newDatabase));
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void the_data_folder_and_every_file_usher_makes_in_it_are_the_owners_alone() throws IOException {
        try (TestServer server = start(false)) {
            server.register("Ada", "ada@example.com");
            assertThat(server.admin("POST", "/api/backups", null).status()).isEqualTo(201);
            assertThat(mode(data())).isEqualTo("rwx------");
            List<Path> files;
            try (Stream<Path> all = Files.walk(data())) {
                files = all.filter(Files::isRegularFile).toList();
            }
            assertThat(files).extracting(p -> p.getFileName().toString())
                    .contains("usher.db", "usher.db-wal", "usher.db-shm", "event-key.private.pem", "event-key.public.pem");
            assertThat(files).filteredOn(p -> p.getParent().getFileName().toString().equals("backups")).hasSize(1);
            for (Path f : files) {
                assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------");
            }
            assertThat(mode(data().resolve("backups"))).isEqualTo("rwx------");
        }
    }

    @Test
    void a_folder_that_others_could_read_is_closed_at_start() throws IOException {
        Files.createDirectories(data());
        Files.setPosixFilePermissions(data(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path old = Files.writeString(data().resolve("notes.txt"), "left by an older Usher");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-r--r--"));
        try (TestServer ignored = start(false)) {
            assertThat(mode(data())).isEqualTo("rwx------");
            assertThat(mode(old)).isEqualTo("rw-------");
        }
    }

    @Test
    void a_database_deleted_while_running_stops_check_ins_and_says_so() throws Exception {
        try (TestServer server = start(false)) {
            String code = server.register("Ada", "ada@example.com").get("code").asText();
            assertThat(server.get("/api/health").status()).isEqualTo(200);
            for (String name : List.of("usher.db", "usher.db-wal", "usher.db-shm")) {
                Files.deleteIfExists(data().resolve(name));
            }
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (server.get("/api/health").status() == 200 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertError(server.get("/api/health"), 503, "database_missing");
            assertError(server.checkIn(code, TestServer.ADMIN_TOKEN), 503, "store_unavailable");
        }
    }

    @Test
    void an_event_key_without_its_database_is_refused_unless_a_new_database_is_asked_for() throws IOException {
        try (TestServer server = start(false)) {
            server.register("Ada", "ada@example.com");
        }
        byte[] key = Files.readAllBytes(data().resolve("event-key.private.pem"));
        for (String name : List.of("usher.db", "usher.db-wal", "usher.db-shm")) {
            Files.deleteIfExists(data().resolve(name));
        }
        assertThatThrownBy(() -> start(false)).hasMessageContaining("no database").hasMessageContaining("backups")
                .hasMessageContaining("--new-database");
        assertThat(data().resolve("usher.db")).doesNotExist();
        try (TestServer server = start(true)) {
            assertThat(server.get("/api/stats", TestServer.ADMIN_TOKEN).json().get("registered").asInt()).isZero();
        }
        assertThat(Files.readAllBytes(data().resolve("event-key.private.pem"))).isEqualTo(key);
    }

    @Test
    void an_unreadable_event_key_is_never_replaced() throws IOException {
        try (TestServer server = start(false)) {
            server.register("Ada", "ada@example.com");
        }
        // What a power cut right after the first start used to leave: both key files empty.
        Files.write(data().resolve("event-key.private.pem"), new byte[0]);
        Files.write(data().resolve("event-key.public.pem"), new byte[0]);
        assertThatThrownBy(() -> start(false)).hasMessageContaining("cannot be read").hasMessageContaining("restore");
        assertThat(data().resolve("event-key.private.pem")).isEmptyFile();
    }

    @Test
    void a_database_with_tickets_but_no_key_is_refused() throws IOException {
        try (TestServer server = start(false)) {
            server.register("Ada", "ada@example.com");
        }
        Files.delete(data().resolve("event-key.private.pem"));
        Files.delete(data().resolve("event-key.public.pem"));
        assertThatThrownBy(() -> start(false)).hasMessageContaining("holds tickets").hasMessageContaining("missing");
        assertThat(data().resolve("event-key.private.pem")).doesNotExist();
    }

    @Test
    void a_database_that_cannot_be_written_stops_start_up_with_a_clear_message() throws Exception {
        try (TestServer ignored = start(false)) {
            // made and closed
        }
        Path db = data().resolve("usher.db");
        // Root ignores permission bits: the immutable flag is what makes the file unwritable here.
        assumeTrue(new ProcessBuilder("chattr", "+i", db.toString()).start().waitFor() == 0, "chattr +i works here");
        try {
            assertThatThrownBy(() -> start(false)).hasMessageContaining("cannot be written").hasMessageContaining(db.toString());
        } finally {
            new ProcessBuilder("chattr", "-i", db.toString()).start().waitFor();
        }
    }
}
