package dev.usher.device;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.auth.Role;
import dev.usher.ticket.QrImages;
import dev.usher.web.ApiError;
import dev.usher.web.Json;
import dev.usher.web.Tls;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * Staff manage devices that hold tokens: kiosks at the doors ({@code /api/kiosks}, paired to
 * {@code /kiosk/}) and read-only dashboard viewers ({@code /api/viewers}, paired to {@code /dashboard/}).
 */
public final class DeviceController {
    private final DeviceService devices;
    private final ObjectMapper json;
    private final QrImages qr;
    private final int httpsPort;
    private final Role role;
    private final String page;

    /**
     * @param role      {@code KIOSK} or {@code VIEWER}
     * @param page      the page a pairing link opens, e.g. "/kiosk/"
     * @param httpsPort where HTTPS listens, or -1: pairing links prefer it, since cameras need it
     */
    public DeviceController(DeviceService devices, ObjectMapper json, QrImages qr, int httpsPort, Role role, String page) {
        this.devices = devices;
        this.json = json;
        this.qr = qr;
        this.httpsPort = httpsPort;
        this.role = role;
        this.page = page;
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
        String pairingUrl = page + "#pair=" + created.token();
        String link = origin(ctx) + pairingUrl;
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

    /**
     * The address the staff member used, switched to HTTPS when it is on. An organizer on the
     * laptop itself uses localhost, which no tablet can reach: then this machine's LAN address.
     */
    private String origin(Context ctx) {
        String host = ctx.host() == null ? "localhost" : ctx.host();
        String bare = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host.split(":")[0];
        String port = host.substring(bare.length());
        if (isLoopback(bare)) {
            bare = Tls.localNames().stream().filter(n -> !isLoopback(n)).findFirst().orElse(bare);
        }
        if (httpsPort < 0) {
            return ctx.scheme() + "://" + bare + port;
        }
        return "https://" + bare + (httpsPort == 443 ? "" : ":" + httpsPort);
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }
}
