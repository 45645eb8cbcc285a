package dev.usher.ops;

import dev.usher.store.DataFiles;
import dev.usher.store.Database;
import dev.usher.web.ApiError;
import io.javalin.http.Context;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** {@code POST /api/backups}: a consistent copy of the database in {@code data/backups/}, made while kiosks scan. */
public final class BackupController {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private final Database db;
    private final Path folder;
    private final Clock clock;

    public BackupController(Database db, Path dataDir, Clock clock) {
        this.db = db;
        this.folder = dataDir.resolve("backups");
        this.clock = clock;
    }

    public void create(Context ctx) throws IOException {
        if (!db.backsUpToFiles()) {
            throw new ApiError(409, "backup_elsewhere", "this Usher keeps its data in PostgreSQL, shared with other nodes:"
                    + " back it up with pg_dump (see docs/postgresql.md), not into one node's data folder");
        }
        DataFiles.createPrivateFolder(folder);
        Path file = folder.resolve("usher-" + STAMP.format(clock.instant()) + ".db");
        db.backupTo(file);
        ctx.status(201).json(Map.of("file", file.toAbsolutePath().toString(), "bytes", Files.size(file)));
    }
}
