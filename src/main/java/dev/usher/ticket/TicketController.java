package dev.usher.ticket;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.auth.AccessGuard;
import dev.usher.auth.Role;
import dev.usher.event.CurrentEvent;
import dev.usher.event.Event;
import dev.usher.web.ApiError;
import dev.usher.web.Json;
import dev.usher.web.PublicOrigin;
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
    private final PublicOrigin origin;
    private final CurrentEvent event;

    public TicketController(TicketService tickets, GuestListImport guestLists, ObjectMapper json, PublicOrigin origin,
                            CurrentEvent event) {
        this.tickets = tickets;
        this.origin = origin;
        this.event = event;
        this.guestLists = guestLists;
        this.json = json;
    }

    record Registration(String name, String email) {
    }

    record NewTicket(String name, String email, Map<String, String> fields, Boolean send) {
    }

    record Revocation(Boolean reissue, Boolean send) {
    }

    record Resend(String email) {
    }

    record Edit(String name, String email) {
    }

    /** {@code GET /api/registration}: whether the public form takes registrations now, before anyone submits. */
    public void availability(Context ctx) {
        ctx.header("Cache-Control", "no-cache").json(tickets.availability());
    }

    /** {@code PATCH /api/tickets/{id}}: a corrected name or email, audited; the code stays the same. */
    public void edit(Context ctx) {
        Edit e = Json.body(ctx, json, Edit.class);
        if (e.name() == null && e.email() == null) {
            throw ApiError.badRequest("nothing_to_change", "Send a new \"name\" or \"email\".");
        }
        var who = AccessGuard.principal(ctx);
        ctx.json(Map.of("ticket", tickets.edit(ctx.pathParam("id"), e.name(), e.email(), who.deviceId(), who.name())));
    }

    /** {@code GET /api/tickets/{id}/edits}: who changed the ticket's name or email, and when. */
    public void edits(Context ctx) {
        String id = ctx.pathParam("id");
        if (tickets.find(id).isEmpty()) {
            throw ApiError.notFound("ticket_not_found", "No ticket with that id.");
        }
        ctx.json(Map.of("edits", tickets.edits(id)));
    }

    /** What the registration page shows: the ticket only when it may, and the server's one wording. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RegistrationAnswer(String result, String message, TicketView ticket) {
    }

    /**
     * {@code POST /api/registrations}: the public form. With {@code confirmByEmail} a new and a known
     * address get the same answer, and the ticket only reaches the inbox.
     */
    public void register(Context ctx) {
        Registration r = Json.body(ctx, json, Registration.class);
        Attendee attendee = Attendee.of(r.name(), r.email(), Map.of());
        TicketService.Registered done = tickets.register(attendee, origin.of(ctx));
        if (event.get().registration().confirmByEmail()) {
            ctx.status(202).json(new RegistrationAnswer("mailed", "We've sent your ticket to " + attendee.email()
                    + ". Check your inbox (and the spam folder) in a few minutes.", null));
            return;
        }
        if (done instanceof TicketService.Registered.Created created) {
            ctx.status(201).json(new RegistrationAnswer("created", "We've also sent it to " + attendee.email() + ".",
                    tickets.view(created.ticket())));
        } else {
            ctx.status(200).json(new RegistrationAnswer("resent", "We've sent your ticket to that address again.", null));
        }
    }

    /**
     * {@code POST /api/registrations/resend}: "Lost your ticket?". The same status and body whether
     * or not the address has a ticket: the form tells nobody who registered.
     */
    public void resend(Context ctx) {
        Resend r = Json.body(ctx, json, Resend.class);
        String email = Attendee.email(r.email());
        tickets.resend(email, origin.of(ctx));
        ctx.status(202).json(new RegistrationAnswer("mailed", "If that address has a ticket for this event, it is on its way: "
                + "check your inbox (and the spam folder) in a few minutes.", null));
    }

    /** {@code POST /api/tickets}: staff issue a ticket; {@code "send": true} mails it. */
    public void create(Context ctx) {
        NewTicket t = Json.body(ctx, json, NewTicket.class);
        boolean send = t.send() != null && t.send();
        IssuedTicket issued = tickets.issue(Attendee.of(t.name(), t.email(), t.fields()), Ticket.Source.STAFF,
                send ? origin.of(ctx) : null);
        ctx.status(201).json(Map.of("ticket", tickets.view(issued)));
    }

    /**
     * {@code GET /api/tickets?q=}: a few matches by name or email (staff and kiosks). Without
     * {@code q}, for staff: a page of the whole list, {@code ?limit=&cursor=&status=&list=&sort=}.
     */
    public void search(Context ctx) {
        boolean kiosk = AccessGuard.principal(ctx).role() == Role.KIOSK;
        String q = ctx.queryParam("q");
        boolean paging = ctx.queryParam("limit") != null || ctx.queryParam("cursor") != null;
        if (q != null && paging) {
            throw ApiError.badRequest("bad_query", "Search (q) and paging (limit, cursor) do not mix: send one or the other.");
        }
        if (q == null && !kiosk) {
            ctx.json(tickets.list(listing(ctx)));
            return;
        }
        if (kiosk && paging) {
            throw ApiError.forbidden("forbidden", "Kiosks search by name; the whole list is for staff.");
        }
        if (kiosk) {
            ctx.json(Map.of("tickets", tickets.search(q, false).stream().map(TicketView.Match::masked).toList()));
            return;
        }
        ctx.json(Map.of("tickets", tickets.search(q, true)));
    }

    private static Listing listing(Context ctx) {
        String statusText = ctx.queryParam("status");
        Listing.Status status = statusText == null ? null : Listing.Status.fromWire(statusText)
                .orElseThrow(() -> ApiError.badRequest("bad_status", "status is one of arrived, absent, cancelled."));
        String sortText = ctx.queryParam("sort");
        Listing.Sort sort = sortText == null ? Listing.Sort.NAME : Listing.Sort.fromWire(sortText)
                .orElseThrow(() -> ApiError.badRequest("bad_sort", "sort is one of name, registered, arrived."));
        String list = ctx.queryParam("list");
        String limitText = ctx.queryParam("limit");
        int limit = Listing.DEFAULT_LIMIT;
        if (limitText != null) {
            limit = limitText.matches("[0-9]{1,4}") ? Integer.parseInt(limitText) : -1;
            if (limit < 1 || limit > Listing.MAX_LIMIT) {
                throw ApiError.badRequest("bad_limit", "limit is a whole number from 1 to " + Listing.MAX_LIMIT + ".");
            }
        }
        String cursorText = ctx.queryParam("cursor");
        Listing.Cursor cursor = null;
        if (cursorText != null) {
            cursor = Listing.Cursor.decode(cursorText).filter(c -> c.sort() == sort)
                    .orElseThrow(() -> ApiError.badRequest("bad_cursor",
                            "This cursor is not one the previous page gave (with the same sort)."));
        }
        return new Listing(status, list == null ? Event.MAIN_LIST : list, sort, limit, cursor);
    }

    /** {@code GET /api/tickets/{id}}. */
    public void get(Context ctx) {
        TicketView t = tickets.find(ctx.pathParam("id"))
                .orElseThrow(() -> ApiError.notFound("ticket_not_found", "No ticket with that id."));
        ctx.json(Map.of("ticket", t));
    }

    /**
     * {@code POST /api/tickets/{id}/revoke}: the old code answers "revoked" from now on; a re-issued
     * ticket's new code is mailed unless {@code "send": false}.
     */
    public void revoke(Context ctx) {
        boolean reissue = true;
        boolean send = true;
        if (!Json.isEmpty(ctx)) {
            Revocation r = Json.body(ctx, json, Revocation.class);
            reissue = r.reissue() == null || r.reissue();
            send = r.send() == null || r.send();
        }
        String id = ctx.pathParam("id");
        var reissued = tickets.revoke(id, reissue, send ? origin.of(ctx) : null);
        if (reissued.isPresent()) {
            ctx.json(Map.of("ticket", tickets.view(reissued.get())));
        } else {
            ctx.json(Map.of("ticket", tickets.find(id).orElseThrow()));
        }
    }

    /** {@code POST /api/tickets/import}: a CSV guest list in the body. */
    public void importGuestList(Context ctx) {
        ctx.json(guestLists.run(readCapped(ctx)));
    }

    /** {@code POST /api/tickets/import/preview}: how the same body would be read; writes nothing. */
    public void previewGuestList(Context ctx) {
        ctx.json(guestLists.preview(readCapped(ctx)));
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
