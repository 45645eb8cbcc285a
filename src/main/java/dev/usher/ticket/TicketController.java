package dev.usher.ticket;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.auth.AccessGuard;
import dev.usher.auth.Role;
import dev.usher.web.ApiError;
import dev.usher.web.Json;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** Registration, staff-issued tickets, search, re-issue and guest-list import. */
public final class TicketController {
    /** A 100,000-line guest list is a few MB; this leaves room without inviting abuse. */
    static final int MAX_IMPORT_BYTES = 32 * 1024 * 1024;

    private final TicketService tickets;
    private final GuestListImport guestLists;
    private final ObjectMapper json;

    public TicketController(TicketService tickets, GuestListImport guestLists, ObjectMapper json) {
        this.tickets = tickets;
        this.guestLists = guestLists;
        this.json = json;
    }

    record Registration(String name, String email) {
    }

    record NewTicket(String name, String email, Map<String, String> fields) {
    }

    record Revocation(Boolean reissue) {
    }

    /** {@code POST /api/registrations}: the public form. */
    public void register(Context ctx) {
        Registration r = Json.body(ctx, json, Registration.class);
        IssuedTicket issued = tickets.register(Attendee.of(r.name(), r.email(), Map.of()));
        ctx.status(201).json(Map.of("ticket", TicketView.of(issued)));
    }

    /** {@code POST /api/tickets}: staff issue a ticket. */
    public void create(Context ctx) {
        NewTicket t = Json.body(ctx, json, NewTicket.class);
        IssuedTicket issued = tickets.issue(Attendee.of(t.name(), t.email(), t.fields()), Ticket.Source.STAFF);
        ctx.status(201).json(Map.of("ticket", TicketView.of(issued)));
    }

    /** {@code GET /api/tickets?q=}: a few matches by name or email. */
    public void search(Context ctx) {
        boolean kiosk = AccessGuard.principal(ctx).role() == Role.KIOSK;
        ctx.json(Map.of("tickets", tickets.search(ctx.queryParam("q")).stream()
                .map(TicketView.Match::of)
                .map(m -> kiosk ? m.masked() : m)
                .toList()));
    }

    /** {@code GET /api/tickets/{id}}. */
    public void get(Context ctx) {
        IssuedTicket t = tickets.find(ctx.pathParam("id"))
                .orElseThrow(() -> ApiError.notFound("ticket_not_found", "No ticket with that id."));
        ctx.json(Map.of("ticket", TicketView.of(t)));
    }

    /** {@code POST /api/tickets/{id}/revoke}: the old code answers "revoked" from now on. */
    public void revoke(Context ctx) {
        boolean reissue = true;
        if (!Json.isEmpty(ctx)) {
            Revocation r = Json.body(ctx, json, Revocation.class);
            reissue = r.reissue() == null || r.reissue();
        }
        String id = ctx.pathParam("id");
        var reissued = tickets.revoke(id, reissue);
        if (reissued.isPresent()) {
            ctx.json(Map.of("ticket", TicketView.of(reissued.get())));
        } else {
            ctx.json(Map.of("ticket", TicketView.of(tickets.find(id).orElseThrow())));
        }
    }

    /** {@code POST /api/tickets/import}: a CSV guest list in the body. */
    public void importGuestList(Context ctx) {
        ctx.json(guestLists.run(readCapped(ctx)));
    }

    private static byte[] readCapped(Context ctx) {
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] bytes = in.readNBytes(MAX_IMPORT_BYTES + 1);
            if (bytes.length > MAX_IMPORT_BYTES) {
                throw new ApiError(413, "too_large", "Guest lists are limited to " + MAX_IMPORT_BYTES / (1024 * 1024) + " MB; split the file.");
            }
            if (bytes.length == 0) {
                throw ApiError.badRequest("bad_csv", "Send the guest list as the request body (CSV with a name,email header).");
            }
            return bytes;
        } catch (IOException e) {
            throw ApiError.badRequest("bad_csv", "The upload was interrupted.");
        }
    }
}
