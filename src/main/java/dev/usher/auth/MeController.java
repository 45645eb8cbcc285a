package dev.usher.auth;

import io.javalin.http.Context;

import java.util.Map;

/** {@code GET /api/me}: a paired page asks who it is, for its screen. */
public final class MeController {
    private MeController() {
    }

    public static void get(Context ctx) {
        Principal p = AccessGuard.principal(ctx);
        ctx.json(Map.of("id", p.deviceId(), "name", p.name(), "role", p.role().wire()));
    }
}
