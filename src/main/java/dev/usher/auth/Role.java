package dev.usher.auth;

import io.javalin.security.RouteRole;

import java.util.Locale;

/**
 * Who may call a route. Every route names its roles; a route with none is refused to everyone.
 * The wire name (in {@code /api/me} and the {@code devices.role} column) is the lower-case name.
 */
public enum Role implements RouteRole {
    /** No token needed: event info, registration, a ticket page for a code you hold. */
    ANYONE,
    /** The organizer, with the admin token. */
    ADMIN,
    /** A door device: scans, searches and reads counts. */
    KIOSK,
    /** A read-only dashboard device for a volunteer lead. */
    VIEWER;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
