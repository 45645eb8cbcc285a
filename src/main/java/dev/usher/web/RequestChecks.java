package dev.usher.web;

import io.javalin.http.Context;

import java.net.URI;
import java.util.Locale;

/** Refusals that come before any route runs, and the route-declared origin check. */
public final class RequestChecks {
    private RequestChecks() {
    }

    /**
     * Javalin lets {@code X-HTTP-Method-Override} turn a POST into any method before routing, which
     * would let a form post reach a route that a browser could never call cross-site. Nothing of
     * ours uses it.
     */
    public static void refuseMethodOverride(Context ctx) {
        if (ctx.req().getHeader("X-HTTP-Method-Override") != null) {
            throw ApiError.badRequest("method_override", "X-HTTP-Method-Override is not accepted; send the real method.");
        }
    }

    /** Javalin decodes path parameters before any route-level check and throws on a bad escape. */
    public static void refuseMalformedEscapes(Context ctx) {
        String uri = ctx.req().getRequestURI();
        for (int i = uri.indexOf('%'); i >= 0; i = uri.indexOf('%', i + 1)) {
            if (i + 2 >= uri.length() || Character.digit(uri.charAt(i + 1), 16) < 0 || Character.digit(uri.charAt(i + 2), 16) < 0) {
                throw ApiError.badRequest("bad_path", "The address has a malformed %-escape.");
            }
        }
    }

    /**
     * On a route marked {@link RoutePolicy#SAME_ORIGIN}: a browser names the page's origin in
     * {@code Origin}; one that is not this server is refused. Callers without the header (curl,
     * another server) are not browsers acting for a visitor, and pass.
     */
    public static void sameOrigin(Context ctx) {
        if (!ctx.routeRoles().contains(RoutePolicy.SAME_ORIGIN)) {
            return;
        }
        String origin = ctx.header("Origin");
        if (origin == null) {
            return;
        }
        String host = ctx.host();
        if (host == null || !host.equalsIgnoreCase(authority(origin))) {
            throw ApiError.forbidden("cross_origin", "This can only be done from this server's own pages.");
        }
    }

    /** Javalin answers an SSE route asked without {@code Accept: text/event-stream} with an empty 200. */
    public static void eventStreamOnly(Context ctx) {
        if (!ctx.routeRoles().contains(RoutePolicy.EVENT_STREAM)) {
            return;
        }
        String accept = ctx.header("Accept");
        if (accept == null || !accept.toLowerCase(Locale.ROOT).contains("text/event-stream")) {
            throw new ApiError(406, "not_acceptable", "This is a live stream: ask for it with 'Accept: text/event-stream'.");
        }
    }

    private static String authority(String origin) {
        try {
            URI uri = URI.create(origin.strip());
            if (uri.getHost() == null) {
                return "";
            }
            int port = uri.getPort();
            boolean defaultPort = port < 0 || (port == 80 && "http".equals(uri.getScheme())) || (port == 443 && "https".equals(uri.getScheme()));
            return uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
