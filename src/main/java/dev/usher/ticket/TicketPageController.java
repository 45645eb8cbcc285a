package dev.usher.ticket;

import dev.usher.web.ApiError;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The attendee's ticket page {@code /t/{code}} and its QR images. Anyone holding the code may see
 * it; a code we did not issue reveals nothing.
 */
public final class TicketPageController {
    /** Rendered PNGs by code and scale: a ticket page is opened, printed and reopened many times. */
    private static final int CACHED_IMAGES = 4096;

    private final TicketService tickets;
    private final QrImages qr;
    private final byte[] page;
    private final Map<String, byte[]> pngs = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                    return size() > CACHED_IMAGES;
                }
            });

    public TicketPageController(TicketService tickets, QrImages qr) {
        this.tickets = tickets;
        this.qr = qr;
        this.page = resource("/public/ticket.html");
    }

    /** The page is static; its script fills in the ticket from {@code ticket.json}. */
    public void page(Context ctx) {
        boolean known = !(tickets.status(ctx.pathParam("code")) instanceof CodeStatus.Unknown);
        ctx.status(known ? 200 : 404).contentType("text/html; charset=utf-8").result(page);
    }

    record TicketInfo(String id, String name, String status) {
    }

    public void info(Context ctx) {
        CodeStatus status = tickets.status(ctx.pathParam("code"));
        TicketInfo info;
        if (status instanceof CodeStatus.Valid v) {
            info = new TicketInfo(v.ticketId(), v.name(), "valid");
        } else if (status instanceof CodeStatus.Revoked r) {
            info = new TicketInfo(r.ticketId(), r.name(), "revoked");
        } else if (status instanceof CodeStatus.Cancelled x) {
            info = new TicketInfo(x.ticketId(), x.name(), "canceled");
        } else {
            throw ApiError.notFound("invalid", "This is not a valid ticket code.");
        }
        ctx.header("Cache-Control", "no-store").json(Map.of("ticket", info));
    }

    public void png(Context ctx) {
        String code = validCode(ctx);
        int scale = scale(ctx.queryParam("scale"));
        // Only codes that are valid right now reach this line, so a revoked code never comes from the cache.
        String key = code + "@" + scale;
        byte[] png = pngs.get(key);
        if (png == null) {
            png = qr.png(code, scale); // rendered outside the map's lock: requests for other codes go on
            pngs.put(key, png);
        }
        ctx.contentType("image/png").header("Cache-Control", "private, max-age=3600").result(png);
    }

    public void svg(Context ctx) {
        String code = validCode(ctx);
        ctx.contentType("image/svg+xml").header("Cache-Control", "private, max-age=3600").result(qr.svg(code));
    }

    /** Only current codes get images: a revoked code's QR would only mislead at the door. */
    private String validCode(Context ctx) {
        CodeStatus status = tickets.status(ctx.pathParam("code"));
        if (status instanceof CodeStatus.Valid v) {
            return v.code().text();
        }
        if (status instanceof CodeStatus.Unknown) {
            throw ApiError.notFound("invalid", "This is not a valid ticket code.");
        }
        throw new ApiError(410, "revoked", "This ticket code was replaced or cancelled.");
    }

    private static int scale(String raw) {
        if (raw == null || raw.isBlank()) {
            return QrImages.DEFAULT_SCALE;
        }
        try {
            int s = Integer.parseInt(raw.strip());
            if (s >= 1 && s <= QrImages.MAX_SCALE) {
                return s;
            }
        } catch (NumberFormatException ignored) {
            // Falls through to the error below.
        }
        throw ApiError.badRequest("invalid_scale", "scale is a whole number of pixels per module, 1-" + QrImages.MAX_SCALE + ".");
    }

    private static byte[] resource(String path) {
        try (InputStream in = TicketPageController.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
