package dev.usher.device;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.auth.Role;
import dev.usher.ticket.QrImages;
import dev.usher.web.ApiError;
import dev.usher.web.Json;
import dev.usher.web.PublicOrigin;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Staff manage devices that hold tokens: kiosks at the doors ({@code /api/kiosks}, paired to
 * {@code /kiosk/}) and read-only dashboard viewers ({@code /api/viewers}, paired to {@code /dashboard/}).
 */
public final class DeviceController {
    private final DeviceService devices;
    private final ObjectMapper json;
    private final QrImages qr;
    private final PublicOrigin origin;
    private final Role role;
    private final String page;
    private final Supplier<List<String>> nodes;

    /**
     * @param role      {@code KIOSK} or {@code VIEWER}
     * @param page      the page a pairing link opens, e.g. "/kiosk/"
     * @param origin    where pairing links point (they prefer HTTPS, since cameras need it)
     * @param nodes     the origins of the event's nodes, which the pairing link names for a kiosk
     *                  to move to when its node stops answering (empty: none)
     */
    public DeviceController(DeviceService devices, ObjectMapper json, QrImages qr, PublicOrigin origin, Role role, String page,
                            Supplier<List<String>> nodes) {
        this.devices = devices;
        this.json = json;
        this.qr = qr;
        this.origin = origin;
        this.role = role;
        this.page = page;
        this.nodes = nodes;
    }

    record NewDevice(String name) {
    }

    record DeviceView(String id, String name, Instant createdAt, boolean revoked, Instant lastSeen) {
        static DeviceView of(Device d) {
            return new DeviceView(d.id(), d.name(), d.createdAt(), d.revokedAt() != null, d.lastSeen());
        }
    }

    /**
     * The token is in this answer only: it is stored hashed. The pairing link carries it in the
     * URL fragment, which browsers never send to a server, so it stays out of every access log.
     */
    record CreatedDevice(String id, String name, String token, String pairingUrl, String pairingLink, String pairingQr) {
    }

    public void create(Context ctx) {
        NewDevice k = Json.body(ctx, json, NewDevice.class);
        DeviceService.Created created = devices.create(k.name(), role);
        List<String> reachable = nodes.get();
        String pairingUrl = page + "#pair=" + created.token() + (reachable.isEmpty() ? "" : "&nodes=" + String.join(",", reachable));
        String link = origin.of(ctx) + pairingUrl;
        String qrImage = "data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(qr.svg(link).getBytes(StandardCharsets.UTF_8));
        ctx.status(201).json(new CreatedDevice(created.device().id(), created.device().name(), created.token(), pairingUrl, link, qrImage));
    }

    public void list(Context ctx) {
        ctx.json(Map.of(role.wire() + "s", devices.list(role).stream().map(DeviceView::of).toList()));
    }

    public void revoke(Context ctx) {
        String id = ctx.pathParam("id");
        if (devices.list(role).stream().noneMatch(d -> d.id().equals(id))) {
            throw ApiError.notFound("device_not_found", "No " + role.wire() + " with id " + id + ".");
        }
        ctx.json(DeviceView.of(devices.revoke(id)));
    }
}
