package dev.usher.auth;

import dev.usher.web.ApiError;
import io.javalin.http.Context;
import io.javalin.security.RouteRole;

import java.util.Optional;
import java.util.Set;

/**
 * Runs before every matched route: finds who is calling from the bearer token and lets the call
 * through only if the route names that role. A route that names no role is closed to all, so a
 * route added without thought fails safe.
 */
public final class AccessGuard {
    private static final String PRINCIPAL = "usher.principal";

    private final AdminToken admin;
    private final DeviceTokens devices;
    private final Throttle throttle;

    public AccessGuard(AdminToken admin, DeviceTokens devices, Throttle throttle) {
        this.admin = admin;
        this.devices = devices;
        this.throttle = throttle;
    }

    public void check(Context ctx) {
        Set<RouteRole> allowed = ctx.routeRoles();
        if (allowed.contains(Role.ANYONE)) {
            throttle.route(ctx, null);
            return;
        }
        Principal who = identify(ctx).orElseThrow(() ->
                new ApiError(401, "unauthorized", "This needs a token: send 'Authorization: Bearer <token>'."));
        if (!allowed.contains(who.role())) {
            throw ApiError.forbidden("forbidden", "This token may not do that.");
        }
        throttle.route(ctx, who);
        ctx.attribute(PRINCIPAL, who);
    }

    /** The caller, as established by {@link #check}; only for routes that require a token. */
    public static Principal principal(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) {
            throw new IllegalStateException("route has no role check: " + ctx.path());
        }
        return p;
    }

    private Optional<Principal> identify(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = header.substring(7).strip();
        if (token.isEmpty() || token.length() > 200) {
            return Optional.empty();
        }
        if (admin.matches(token)) {
            return Optional.of(Principal.ADMIN);
        }
        Optional<Principal> device = devices.authenticate(token);
        if (device.isEmpty()) {
            throttle.wrongToken(ctx);
        }
        return device;
    }

}
