package dev.usher.kiosk;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.web.Json;
import io.javalin.http.Context;

import java.time.Instant;
import java.util.Map;

/** Staff manage the door devices: {@code /api/kiosks}. */
public final class KioskController {
    static final String ROLE = "kiosk";

    private final DeviceService devices;
    private final ObjectMapper json;

    public KioskController(DeviceService devices, ObjectMapper json) {
        this.devices = devices;
        this.json = json;
    }

    record NewKiosk(String name) {
    }

    record KioskView(String id, String name, Instant createdAt, boolean revoked, Instant lastSeen) {
        static KioskView of(Device d) {
            return new KioskView(d.id(), d.name(), d.createdAt(), d.revokedAt() != null, d.lastSeen());
        }
    }

    /** The token is in this answer only: it is stored hashed. */
    record CreatedKiosk(String id, String name, String token) {
    }

    public void create(Context ctx) {
        NewKiosk k = Json.body(ctx, json, NewKiosk.class);
        DeviceService.Created created = devices.create(k.name(), ROLE);
        ctx.status(201).json(new CreatedKiosk(created.device().id(), created.device().name(), created.token()));
    }

    public void list(Context ctx) {
        ctx.json(Map.of("kiosks", devices.list(ROLE).stream().map(KioskView::of).toList()));
    }

    public void revoke(Context ctx) {
        ctx.json(KioskView.of(devices.revoke(ctx.pathParam("id"))));
    }
}
