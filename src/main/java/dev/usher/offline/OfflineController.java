package dev.usher.offline;

import dev.usher.web.ApiError;
import io.javalin.http.Context;

import java.util.regex.Pattern;

/** {@code GET /api/offline?after=&limit=}: what a kiosk keeps to admit by signature when the network is gone. */
public final class OfflineController {
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,18}");

    private final OfflineService offline;

    public OfflineController(OfflineService offline) {
        this.offline = offline;
    }

    public void get(Context ctx) {
        long after = cursor(ctx.queryParam("after"));
        int limit = limit(ctx.queryParam("limit"));
        ctx.header("Cache-Control", "no-store").json(offline.changesAfter(after, limit));
    }

    private static long cursor(String after) {
        if (after == null || after.isEmpty()) {
            return 0;
        }
        if (!NUMBER.matcher(after).matches()) {
            throw ApiError.badRequest("invalid_cursor", "after must be the next value of an earlier answer, or left out.");
        }
        return Long.parseLong(after);
    }

    private static int limit(String limit) {
        String wrong = "limit is a whole number from 1 to " + OfflineService.MAX_LIMIT + ".";
        if (limit == null || limit.isEmpty()) {
            return OfflineService.DEFAULT_LIMIT;
        }
        if (!NUMBER.matcher(limit).matches()) {
            throw ApiError.badRequest("invalid_limit", wrong);
        }
        long n = Long.parseLong(limit);
        if (n < 1 || n > OfflineService.MAX_LIMIT) {
            throw ApiError.badRequest("invalid_limit", wrong);
        }
        return (int) n;
    }
}
