package dev.usher.auth;

import io.javalin.security.RouteRole;

/**
 * A route's rate limit, declared with the route in the route table, next to its roles. Javalin
 * carries exactly one per-route marker set everywhere a request can land (routes, SSE, static
 * files): the route roles. So a limit is such a marker too, and {@link AccessGuard} reads it from
 * the matched route, never from the request path, which has spellings a path comparison misses
 * ({@code /api/checkins/}, {@code //api/checkins}).
 */
public enum Limit implements RouteRole {
    /** A door scan: per kiosk and per address. */
    SCANS,
    /** A kiosk's search of the guest list: per kiosk. */
    SEARCHES,
    /** A kiosk's delta sync of the offline list: per kiosk, generous (it polls every few seconds and pages). */
    OFFLINE_SYNCS,
    /** A public registration: per address. */
    REGISTRATIONS,
    /** A public ticket page, its images and its JSON: per address. */
    TICKET_PAGES,
    /** Open live streams: at most {@link Throttle#MAX_STREAMS_PER_DEVICE} per device token at once. */
    STREAMS
}
