package dev.usher.store;

import dev.usher.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SQLite's writer commits every queued unit in one transaction: a unit that fails must be undone
 * alone, whatever else shares its transaction, and every other unit must still commit exactly once.
 */
class GroupCommitTest {
    @TempDir
    Path data;

    @Test
    void a_failing_unit_in_a_batch_is_undone_alone_and_the_others_commit_once() throws Exception {
        try (Database db = openWithTable()) {
            CountDownLatch queued = new CountDownLatch(1);
            // Holds the writer, so everything submitted meanwhile is drained into the next transaction.
            CompletableFuture<Boolean> holder = db.submit(c -> awaitQuietly(queued));
            List<CompletableFuture<String>> units = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String label = "unit " + i;
                boolean fails = i == 3;
                units.add(db.submit(c -> {
                    insert(c, label);
                    if (fails) {
                        throw new IllegalStateException("unit 3 refuses after writing");
                    }
                    return label;
                }));
            }
            queued.countDown();
            assertThat(Database.await(holder, 30_000)).isTrue();
            for (int i = 0; i < 6; i++) {
                if (i == 3) {
                    int failing = i;
                    assertThatThrownBy(() -> Database.await(units.get(failing), 30_000))
                            .isInstanceOf(IllegalStateException.class).hasMessage("unit 3 refuses after writing");
                } else {
                    assertThat(Database.await(units.get(i), 30_000)).isEqualTo("unit " + i);
                }
            }
            List<String> stored = db.read(c -> {
                List<String> labels = new ArrayList<>();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT label FROM rows_written ORDER BY label")) {
                    while (rs.next()) {
                        labels.add(rs.getString(1));
                    }
                }
                return labels;
            });
            assertThat(stored).containsExactly("unit 0", "unit 1", "unit 2", "unit 4", "unit 5");
        }
    }

    /**
     * An import chunk (a submitted, bulk unit) queued beside a door scan's write: the scan's write is
     * committed, and its caller answered, before the chunk runs, not in one transaction after it.
     */
    @Test
    void a_write_queued_beside_a_bulk_unit_is_committed_before_it() throws Exception {
        try (Database db = openWithTable()) {
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Boolean> holder = db.submit(c -> awaitQuietly(release));
            CompletableFuture<String> door = new CompletableFuture<>();
            // A reader sees only what is committed: the door's row, if its transaction came first.
            CompletableFuture<Boolean> chunk = db.submit(c -> {
                insert(c, "chunk");
                return db.read(r -> count(r, "door")) == 1;
            });
            Thread scanner = new Thread(() -> door.complete(db.write(c -> {
                insert(c, "door");
                return "door";
            })));
            scanner.start();
            // Parked in write()'s wait, so its unit is queued (behind the chunk).
            Eventually.until("the door's write is queued", Duration.ofSeconds(30), () -> scanner.getState() == Thread.State.TIMED_WAITING);
            release.countDown();
            assertThat(Database.await(holder, 30_000)).isTrue();
            assertThat(Database.await(chunk, 30_000)).as("the door's write was committed before the chunk ran").isTrue();
            scanner.join(30_000);
            assertThat(door.get(30, TimeUnit.SECONDS)).isEqualTo("door");
        }
    }

    @Test
    void a_unit_alone_that_fails_leaves_nothing_behind() {
        try (Database db = openWithTable()) {
            assertThatThrownBy(() -> db.write(c -> {
                insert(c, "lonely");
                throw new IllegalStateException("refused");
            })).hasMessage("refused");
            int left = db.read(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM rows_written")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(left).isZero();
        }
    }

    /** The data folder's database with a table of its own for the units to write into. */
    private Database openWithTable() {
        Database db = Database.open(data);
        db.write(c -> c.createStatement().execute("CREATE TABLE rows_written (label TEXT NOT NULL)"));
        return db;
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int count(java.sql.Connection c, String label) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM rows_written WHERE label = ?")) {
            ps.setString(1, label);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void insert(java.sql.Connection c, String label) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rows_written (label) VALUES (?)")) {
            ps.setString(1, label);
            ps.executeUpdate();
        }
    }
}
