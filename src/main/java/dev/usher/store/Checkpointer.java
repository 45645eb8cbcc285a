package dev.usher.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Copies the WAL back into the database file on a thread of its own. SQLite's automatic
 * checkpoint runs inside the COMMIT that crosses 1,000 WAL pages, so one batch of door scans in
 * every few hundred waited for page copies and an fsync of the main file on top of its own. A
 * PASSIVE checkpoint never blocks the writer or a reader; durability is unchanged, since a commit is
 * on disk once the WAL is fsynced ({@code synchronous=FULL}).
 */
final class Checkpointer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);
    /** Often enough that the WAL stays a few MB under a rush, rare enough to be idle when the door is. */
    private static final long EVERY_MS = 500;
    /** 4 MB of WAL: past this, the writer helps the WAL start over. */
    private static final long RESTART_FRAMES = 1_000;

    private final Connection connection;
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final AtomicBoolean restartDue = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean open = true;

    Checkpointer(Connection connection) {
        this.connection = connection;
        this.thread = new Thread(this::run, "usher-db-checkpoint");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Called by the writer between transactions. The WAL only starts again from its beginning when
     * a writer begins at a moment when every frame has been copied back, and under a steady rush
     * this thread never sees that moment: the writer appends while it copies. So once the WAL is
     * long, the writer copies the few frames this thread left over itself (nothing is appended
     * meanwhile), and its next transaction rewinds the WAL instead of growing it.
     */
    void catchUpOn(Connection writer) {
        if (!restartDue.getAndSet(false)) {
            return;
        }
        try (Statement s = writer.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            if (rs.next() && rs.getInt(1) != 0) {
                restartDue.set(true);
            }
        } catch (SQLException e) {
            log.warn("WAL catch-up checkpoint failed (it is retried): {}", e.getMessage());
        }
    }

    /** Something was committed: the next round has work. */
    void committed() {
        dirty.set(true);
    }

    private void run() {
        while (open) {
            try {
                Thread.sleep(EVERY_MS);
            } catch (InterruptedException e) {
                return;
            }
            if (dirty.getAndSet(false)) {
                checkpoint("PASSIVE");
            }
        }
    }

    private void checkpoint(String mode) {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
            if (rs.next() && rs.getLong(2) > RESTART_FRAMES) {
                restartDue.set(true);
            }
        } catch (SQLException e) {
            log.warn("WAL checkpoint failed (it is retried after the next commit): {}", e.getMessage());
            dirty.set(true);
        }
    }

    @Override
    public void close() {
        open = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing at shutdown: the WAL is checkpointed by the next open if not now.
        }
    }
}
