package dev.usher.web;

import io.javalin.security.RouteRole;

/**
 * What a page may do beyond the default policy, declared with its route or static-file mount in
 * the route table (a route-role marker, as {@code auth.Limit} explains), never by matching paths.
 */
public enum PagePolicy implements RouteRole {
    /** The door kiosk: it uses the camera and compiles its WebAssembly QR decoder. */
    CAMERA_SCANNER
}
