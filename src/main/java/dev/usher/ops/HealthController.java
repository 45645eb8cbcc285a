package dev.usher.ops;

import dev.usher.store.Database;
import dev.usher.store.Dialect;
import dev.usher.web.ApiError;
import io.javalin.http.Context;

import java.util.Map;

/**
 * {@code GET /api/health}: 200 while Usher can record check-ins, 503 with the reason when it
 * cannot (the database file was deleted or replaced under it), for a monitor or a staff check.
 */
public final class HealthController {
    private final Database db;

    public HealthController(Database db) {
        this.db = db;
    }

    public void get(Context ctx) {
        String problem = db.fileProblem();
        if (problem != null && db.dialect() == Dialect.POSTGRESQL) {
            throw new ApiError(503, "database_unreachable", problem + "; the other nodes may still answer.");
        }
        if (problem != null) {
            throw new ApiError(503, "database_missing", problem + "; stop Usher and restore the database from backups/.");
        }
        ctx.json(Map.of("status", "ok"));
    }
}
