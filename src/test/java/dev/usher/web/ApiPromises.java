package dev.usher.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.web.RawHttp.Answer;
import dev.usher.web.RawHttp.Req;

import java.nio.charset.StandardCharsets;

/**
 * What every answer of the API promises, whatever was asked: never a 5xx; every 4xx is
 * {@code {"error": ..., "message": ...}} as JSON; every 2xx is what the endpoint serves (JSON, PNG,
 * SVG or the ticket page). Each check returns null when the answer keeps the promise, else what is wrong.
 */
final class ApiPromises {
    private ApiPromises() {
    }

    /** Null when {@code a} keeps the promises of its endpoint, else what is wrong with it. */
    static String problem(Req req, Answer a) {
        if (a.status() >= 500) {
            return "server error " + a.status();
        }
        if (a.status() >= 400) {
            // The ticket page is HTML even for a code we never issued: the page's script shows why.
            if (a.status() == 404 && req.isTicketPage() && a.contentType().startsWith("text/html")) {
                return null;
            }
            if (a.isJettyErrorPage()) {
                return "Jetty's HTML error page instead of the JSON error shape (" + a.jettyReason() + ")";
            }
            JsonNode body = a.json();
            // A scan of an unknown code is a verdict, as documented: {"status":"error","reason":"invalid","message":...}.
            if (a.status() == 404 && req.routedPath().equals("/api/checkins") && body != null
                    && body.path("reason").asText().equals("invalid") && !body.path("message").asText().isBlank()) {
                return null;
            }
            return errorShapeProblem(a);
        }
        if (req.target().contains("/qr.png")) {
            return a.body().length > 8 && a.body()[0] == (byte) 0x89 && a.body()[1] == 'P' ? null : "not a PNG";
        }
        if (req.target().contains("/qr.svg")) {
            return new String(a.body(), StandardCharsets.UTF_8).contains("<svg") ? null : "not an SVG";
        }
        if (req.isTicketPage()) {
            return a.contentType().startsWith("text/html") ? null : "ticket page is not HTML";
        }
        if (req.routedPath().equals("/kiosk/sw.js")) {
            return a.contentType().startsWith("text/javascript") ? null : "the kiosk's service worker is not JavaScript";
        }
        if (req.routedPath().equals("/api/docs")) {
            return a.contentType().startsWith("text/html") ? null : "the API reference page is not HTML";
        }
        if (req.routedPath().equals("/api/checkins.csv") || req.routedPath().equals("/api/attendees.csv")) {
            return a.contentType().startsWith("text/csv") ? null : "a spreadsheet export is not CSV";
        }
        if (!a.contentType().startsWith("application/json") || a.json() == null) {
            return a.status() + " that is not JSON (" + a.contentType() + ")";
        }
        return null;
    }

    /** Null when {@code a} is {@code {"error": ..., "message": ...}} as JSON (with Retry-After for a 429). */
    static String errorShapeProblem(Answer a) {
        if (!a.contentType().startsWith("application/json")) {
            return a.status() + " with Content-Type '" + a.contentType() + "', not JSON";
        }
        JsonNode body = a.json();
        if (body == null || !body.path("error").isTextual() || body.path("error").asText().isBlank()
                || !body.path("message").isTextual() || body.path("message").asText().isBlank()) {
            return a.status() + " without the error shape";
        }
        if (a.status() == 429 && a.header("retry-after") == null) {
            return "429 without Retry-After";
        }
        return null;
    }
}
