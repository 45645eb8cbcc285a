package dev.usher;

import dev.usher.store.DataFiles;
import dev.usher.store.Database;
import dev.usher.ticket.EventKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** What start-up checks of the data folder before anything in it is opened or made. */
final class DataFolder {
    private static final Logger log = LoggerFactory.getLogger(DataFolder.class);

    private DataFolder() {
    }

    static void prepare(Config config) {
        Path dir = config.dataDir();
        try {
            DataFiles.createPrivateFolder(dir);
            List<String> tightened = DataFiles.tighten(dir);
            if (!tightened.isEmpty()) {
                log.warn("Others could read the data folder; now only this user can: {}", tightened);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the data folder " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        // An event key without a database is what a deleted or lost database looks like: making an
        // empty one would silently start the event over, with every issued ticket still valid.
        // (With PostgreSQL the key lives in the database, not here.)
        if (config.database() == null && EventKey.existsIn(dir) && !Database.existsIn(dir) && !config.newDatabase()) {
            throw new IllegalStateException("the data folder " + dir.toAbsolutePath() + " has an event key but no database ("
                    + Database.FILE + "). Restore the newest copy from " + dir.resolve("backups").toAbsolutePath()
                    + " to " + dir.resolve(Database.FILE).toAbsolutePath()
                    + ", or start with --new-database to begin an empty one with the same key.");
        }
    }
}
