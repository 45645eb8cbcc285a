package dev.usher.web;

import io.javalin.security.RouteRole;

/**
 * What a route or static-file mount asks beyond the defaults, declared with it in the route
 * table (a route-role marker, as {@code auth.Limit} explains), never by matching paths.
 */
public enum RoutePolicy implements RouteRole {
    /** The door kiosk's pages: they use the camera and compile the WebAssembly QR decoder. */
    CAMERA_SCANNER,
    /**
     * A public route that changes state: a browser may call it only from our own pages, so a page
     * on another site cannot make a visitor's browser register people.
     */
    SAME_ORIGIN,
    /** A Server-Sent Events stream: a request that does not ask for {@code text/event-stream} gets a 406. */
    EVENT_STREAM,
    /**
     * A mail's HTML shown in the dashboard's sandboxed frame: mails style themselves inline, so
     * this page alone may use inline styles and {@code data:} images, nothing else, and only our own
     * pages may frame it.
     */
    MAIL_PREVIEW,
    /**
     * A route the kiosk calls: the kiosk pages of the event's other nodes may call it too (CORS), for
     * a kiosk that moved here when its own node stopped answering.
     */
    CROSS_NODE
}
