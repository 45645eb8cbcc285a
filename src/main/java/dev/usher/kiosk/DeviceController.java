package dev.usher.kiosk;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.auth.AccessGuard;
import dev.usher.auth.Principal;
import dev.usher.ticket.QrImages;
import dev.usher.web.Json;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/** Staff manage the door devices: {@code /api/kiosks}. */
public final class KioskController {
    static final String ROLE = "kiosk";

    private final DeviceService devices;
    private final ObjectMapper json;
    private final QrImages qr;
    private final int httpsPort;

    /** @param httpsPort where HTTPS listens, or -1: pairing links prefer it, since cameras need it */
    public KioskController(DeviceService devices, ObjectMapper json, QrImages qr, int httpsPort) {
        this.devices = devices;
        this.json = json;
        this.qr = qr;
        this.httpsPort = httpsPort;
    }

    record NewKiosk(String name) {
    }

    record KioskView(String id, String name, Instant createdAt, boolean revoked, Instant lastSeen) {
        static KioskView of(Device d) {
            return new KioskView(d.id(), d.name(), d.createdAt(), d.revokedAt() != null, d.lastSeen());
        }
    }

    /**
     * The token is in this answer only: it is stored hashed. The pairing link carries it in the
     * URL fragment, which browsers never send to a server, so it stays out of every access log.
     */
    record CreatedKiosk(String id, String name, String token, String pairingUrl, String pairingLink, String pairingQr) {
    }

    public void create(Context ctx) {
        NewKiosk k = Json.body(ctx, json, NewKiosk.class);
        DeviceService.Created created = devices.create(k.name(), ROLE);
        String pairingUrl = "/kiosk/#pair=" + created.token();
        String link = origin(ctx) + pairingUrl;
        String qrImage = "data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(qr.svg(link).getBytes(StandardCharsets.UTF_8));
        ctx.status(201).json(new CreatedKiosk(created.device().id(), created.device().name(), created.token(), pairingUrl, link, qrImage));
    }

    /** The kiosk asks who it is after pairing: its name and id, for its screen. */
    public void me(Context ctx) {
        Principal p = AccessGuard.principal(ctx);
        ctx.json(Map.of("id", p.deviceId(), "name", p.name(), "role", p.role().name().toLowerCase(java.util.Locale.ROOT)));
    }

    /** The address the staff member used, switched to HTTPS when it is on. */
    private String origin(Context ctx) {
        String host = ctx.host() == null ? "localhost" : ctx.host();
        if (httpsPort < 0) {
            return ctx.scheme() + "://" + host;
        }
        String bare = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host.split(":")[0];
        return "https://" + bare + (httpsPort == 443 ? "" : ":" + httpsPort);
    }

    public void list(Context ctx) {
        ctx.json(Map.of("kiosks", devices.list(ROLE).stream().map(KioskView::of).toList()));
    }

    public void revoke(Context ctx) {
        ctx.json(KioskView.of(devices.revoke(ctx.pathParam("id"))));
    }
}
