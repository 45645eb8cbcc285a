package dev.usher.hook;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.web.Json;
import io.javalin.http.Context;

import java.util.Map;

/** {@code /api/webhooks}: staff register, pause, rotate, test and inspect endpoints. */
public final class HookController {
    static final int ATTEMPTS_SHOWN = 100;

    private final Webhooks hooks;
    private final ObjectMapper json;

    public HookController(Webhooks hooks, ObjectMapper json) {
        this.hooks = hooks;
        this.json = json;
    }

    /** {@code POST /api/webhooks}: 201 with the secret, shown this once. */
    public void create(Context ctx) {
        ctx.status(201).json(hooks.create(Json.body(ctx, json, Webhooks.NewWebhook.class)));
    }

    public void list(Context ctx) {
        ctx.json(Map.of("webhooks", hooks.list()));
    }

    public void disable(Context ctx) {
        ctx.json(hooks.setEnabled(ctx.pathParam("id"), false));
    }

    public void enable(Context ctx) {
        ctx.json(hooks.setEnabled(ctx.pathParam("id"), true));
    }

    public void rotate(Context ctx) {
        ctx.json(hooks.rotate(ctx.pathParam("id")));
    }

    public void delete(Context ctx) {
        hooks.delete(ctx.pathParam("id"));
        ctx.status(204);
    }

    public void test(Context ctx) {
        hooks.test(ctx.pathParam("id"));
        ctx.status(202).json(Map.of("queued", 1));
    }

    public void deliveries(Context ctx) {
        ctx.json(Map.of("deliveries", hooks.attempts(ctx.pathParam("id"), ATTEMPTS_SHOWN)));
    }
}
