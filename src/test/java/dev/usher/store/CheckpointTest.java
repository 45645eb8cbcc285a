package dev.usher.store;

import dev.usher.Eventually;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WAL is copied back into the database file while Usher runs, by the checkpoint thread (the
 * writer's own automatic checkpoint is off, so that no door COMMIT waits for one).
 */
class CheckpointTest {
    @TempDir
    Path data;

    @Test
    void what_is_committed_reaches_the_database_file_while_the_server_runs() {
        try (TestServer server = TestServer.start(data)) {
            Path file = data.resolve(Database.FILE);
            long before = size(file);
            StringBuilder csv = new StringBuilder("name,email\n");
            for (int i = 0; i < 5_000; i++) {
                csv.append("Guest ").append(i).append(",guest").append(i).append("@example.com\n");
            }
            TestServer.Response imported = server.postBytes("/api/tickets/import", csv.toString().getBytes(StandardCharsets.UTF_8),
                    "text/csv", TestServer.ADMIN_TOKEN);
            assertThat(imported.status()).as(imported.body()).isEqualTo(200);
            // 5,000 tickets with codes and search words are well over a megabyte of pages.
            Eventually.until("the database file holds the imported pages", Duration.ofSeconds(30),
                    () -> size(file) > before + 1_000_000);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
