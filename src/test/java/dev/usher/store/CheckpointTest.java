package dev.usher.store;

import dev.usher.Eventually;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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

    @Test
    void the_wal_starts_over_while_writes_never_stop() throws Exception {
        Path wal = data.resolve(Database.FILE + "-wal");
        try (Database db = Database.open(data)) {
            db.write(c -> c.createStatement().execute("CREATE TABLE rush (x BLOB)"));
            AtomicBoolean rushing = new AtomicBoolean(true);
            ExecutorService writers = Executors.newFixedThreadPool(4);
            try {
                for (int i = 0; i < 4; i++) {
                    // Four writers keep the queue full, so the writer never rests between batches:
                    // a checkpoint thread alone never sees every frame copied at the moment a new
                    // transaction begins, and the WAL would grow for as long as the rush lasts.
                    writers.execute(() -> {
                        while (rushing.get()) {
                            db.write(c -> {
                                try (PreparedStatement ps = c.prepareStatement("INSERT INTO rush (x) VALUES (randomblob(3000))")) {
                                    return ps.executeUpdate();
                                }
                            });
                        }
                    });
                }
                int first = walSequence(wal);
                // The header's checkpoint sequence goes up each time the WAL starts over from its beginning.
                Eventually.until("the WAL starts over twice during the rush", Duration.ofSeconds(60),
                        () -> walSequence(wal) >= first + 2);
            } finally {
                rushing.set(false);
                writers.shutdown();
                assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    /** Bytes 12–15 of the WAL header: its checkpoint sequence number. */
    private static int walSequence(Path wal) {
        try (var in = Files.newInputStream(wal)) {
            byte[] header = in.readNBytes(16);
            return header.length < 16 ? -1 : ByteBuffer.wrap(header, 12, 4).getInt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
