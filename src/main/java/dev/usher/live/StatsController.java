package dev.usher.live;

import io.javalin.http.Context;

/** {@code GET /api/stats} and {@code GET /api/dashboard}. */
public final class StatsController {
    private final StatsService stats;

    public StatsController(StatsService stats) {
        this.stats = stats;
    }

    public void get(Context ctx) {
        ctx.header("Cache-Control", "no-store").json(stats.current());
    }

    public void snapshot(Context ctx) {
        ctx.header("Cache-Control", "no-store").json(stats.snapshot());
    }
}
