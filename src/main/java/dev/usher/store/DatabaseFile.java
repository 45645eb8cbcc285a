package dev.usher.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The database file as it was opened. SQLite keeps writing into a file that was deleted or
 * replaced while it was open, and that data is gone at the next start: so a few times a minute
 * this checks that the name still leads to the same file, and once it does not, writes are
 * refused and the health check says so, instead of admitting people into a file nobody can open.
 */
final class DatabaseFile implements AutoCloseable {
    static final long CHECK_EVERY_MS = 2_000;
    private static final Logger log = LoggerFactory.getLogger(DatabaseFile.class);

    private final Path file;
    private final Object identity;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "usher-db-file-check");
        t.setDaemon(true);
        return t;
    });
    private volatile String problem;

    DatabaseFile(Path file) throws IOException {
        this.file = file;
        this.identity = identity(file);
        timer.scheduleWithFixedDelay(this::check, CHECK_EVERY_MS, CHECK_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    /** Null while the file is the one opened; else what happened to it. */
    String problem() {
        return problem;
    }

    private void check() {
        if (problem != null) {
            return;
        }
        String found = null;
        try {
            if (!Files.exists(file)) {
                found = "was deleted";
            } else if (!Objects.equals(identity, identity(file))) {
                found = "was replaced by another file";
            }
        } catch (IOException e) {
            found = "cannot be read (" + e.getMessage() + ")";
        }
        if (found != null) {
            problem = "the database file " + file.toAbsolutePath() + " " + found + " while Usher was running";
            log.error("{}: check-ins are refused from now on. Stop Usher and restore the database from backups/.", problem);
        }
    }

    private static Object identity(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        // The inode where the file system has one; else the creation time tells files apart.
        return a.fileKey() != null ? a.fileKey() : a.creationTime();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
