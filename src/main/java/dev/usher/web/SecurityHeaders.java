package dev.usher.web;

import io.javalin.http.Context;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Headers on every response. The pages load only their own scripts, styles and images: no inline
 * script, no third-party origin. Only what the route table marks {@link RoutePolicy#CAMERA_SCANNER}
 * (the kiosk) may compile WebAssembly (its QR decoder), use the camera and connect to the
 * event's other nodes.
 */
public final class SecurityHeaders {
    private static final String CSP_BASE = "default-src 'self'; script-src 'self'%s; style-src 'self'; "
            + "img-src 'self' data: blob:; connect-src 'self'%s; worker-src 'self'; media-src 'self' blob:; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    static final String CSP = String.format(CSP_BASE, "", "");
    static final String KIOSK_CSP = kioskCsp(List.of());
    static final String MAIL_PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox";
    static final String PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
    static final String KIOSK_PERMISSIONS = "camera=(self), microphone=(), geolocation=(), payment=(), usb=()";

    private final boolean strictTransport;
    private final Supplier<List<String>> nodeOrigins;

    /**
     * @param strictTransport send HSTS on HTTPS answers. Only with the organizer's own certificate:
     *                        HSTS is per host name, not per port, so it would also force the plain-HTTP
     *                        port that handheld-scanner kiosks use onto HTTPS.
     * @param nodeOrigins     the origins of the event's nodes: the kiosk page may connect to them,
     *                        to move to another node when its own stops answering
     */
    public SecurityHeaders(boolean strictTransport, Supplier<List<String>> nodeOrigins) {
        this.strictTransport = strictTransport;
        this.nodeOrigins = nodeOrigins;
    }

    static String kioskCsp(List<String> nodeOrigins) {
        return String.format(CSP_BASE, " 'wasm-unsafe-eval'", nodeOrigins.stream().map(o -> " " + o).collect(Collectors.joining()));
    }

    /** The default policy, on every answer (unmatched paths and errors included). */
    public void apply(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("Permissions-Policy", PERMISSIONS);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        if (strictTransport && "https".equals(ctx.scheme())) {
            ctx.header("Strict-Transport-Security", "max-age=31536000");
        }
    }

    /** What the matched route or static-file mount declares beyond the default. */
    public void applyRoutePolicy(Context ctx) {
        if (ctx.routeRoles().contains(RoutePolicy.CAMERA_SCANNER)) {
            ctx.header("Content-Security-Policy", kioskCsp(nodeOrigins.get()));
            ctx.header("Permissions-Policy", KIOSK_PERMISSIONS);
        }
        if (ctx.routeRoles().contains(RoutePolicy.MAIL_PREVIEW)) {
            ctx.header("Content-Security-Policy", MAIL_PREVIEW_CSP);
            ctx.header("X-Frame-Options", "SAMEORIGIN");
        }
    }
}
