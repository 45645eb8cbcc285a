package dev.usher.live;

import dev.usher.auth.AccessGuard;
import dev.usher.auth.Principal;
import dev.usher.auth.Role;
import io.javalin.http.Context;

/** {@code GET /api/stats} and {@code GET /api/dashboard}. */
public final class StatsController {
    private final StatsService stats;

    public StatsController(StatsService stats) {
        this.stats = stats;
    }

    public void get(Context ctx) {
        Stats now = stats.current();
        Principal who = AccessGuard.principal(ctx);
        ctx.header("Cache-Control", "no-store").json(who.role() == Role.KIOSK ? now.forKiosk(who.deviceId()) : now);
    }

    public void snapshot(Context ctx) {
        ctx.header("Cache-Control", "no-store").json(stats.snapshot());
    }
}
