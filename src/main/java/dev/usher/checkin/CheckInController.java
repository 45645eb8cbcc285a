package dev.usher.checkin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.event.CurrentEvent;
import dev.usher.auth.AccessGuard;
import dev.usher.web.ApiError;
import dev.usher.web.Json;
import dev.usher.web.PublicOrigin;
import io.javalin.http.Context;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** {@code POST /api/checkins} and staff corrections. */
public final class CheckInController {
    private final CheckInService checkIns;
    private final ArrivalsExport arrivals;
    private final AttendeesExport attendees;
    private final PublicOrigin origin;
    private final ObjectMapper json;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");

    private final CurrentEvent event;
    private final WalkIns walkIns;

    public CheckInController(CheckInService checkIns, ArrivalsExport arrivals, AttendeesExport attendees, PublicOrigin origin,
                             ObjectMapper json, CurrentEvent event, WalkIns walkIns) {
        this.checkIns = checkIns;
        this.walkIns = walkIns;
        this.arrivals = arrivals;
        this.attendees = attendees;
        this.origin = origin;
        this.json = json;
        this.event = event;
    }

    /**
     * {@code title} is the door's headline: the reason's wording, or the greeting. {@code conflict}
     * is true (else left out) for an offline entry the online rules would have refused.
     */
    record Answer(String status, String reason, String title, String message, Verdict.TicketRef ticket, String list,
                  String type, Long checkinId, FirstCheckin firstCheckin, Boolean conflict) {
    }

    record FirstCheckin(Instant at, String kiosk) {
    }

    public void checkIn(Context ctx) {
        CheckInRequest request = Json.body(ctx, json, CheckInRequest.class);
        Verdict v = checkIns.checkIn(AccessGuard.principal(ctx), request);
        ctx.status(httpStatus(v)).json(answer(v));
    }

    record WalkIn(String name, String email, String list, Boolean send) {
    }

    /**
     * {@code POST /api/walkins}: a ticket issued and admitted at once. 201 with both; the email is
     * optional, and with one the ticket is mailed unless {@code "send": false}.
     */
    public void walkIn(Context ctx) {
        WalkIn w = Json.body(ctx, json, WalkIn.class);
        boolean send = w.send() == null || w.send();
        WalkIns.Result r = walkIns.admit(AccessGuard.principal(ctx), w.name(), w.email(), w.list(), send ? origin.of(ctx) : null);
        ctx.status(201).json(Map.of("ticket", r.ticket(), "checkin", answer(r.verdict())));
    }

    /** 201 when an entry or exit was recorded, 404 for a code we never issued, 200 for conflicts and other refusals. */
    static int httpStatus(Verdict v) {
        if (v.ok()) {
            return 201;
        }
        return v.reason() == Reason.INVALID ? 404 : 200;
    }

    Answer answer(Verdict v) {
        Recorded r = v.recorded();
        FirstCheckin first = v instanceof Verdict.AlreadyRedeemed || v.conflict() ? new FirstCheckin(r.at(), r.deviceName()) : null;
        Long checkinId = v.ok() || v.conflict() ? r.id() : null;
        String reason = v.ok() ? null : v.reason().wire();
        String status = v.conflict() ? "conflict" : v.ok() ? "ok" : "error";
        return new Answer(status, reason, title(v), message(v), v.ticket(), v.list(), v.direction().wire(),
                checkinId, first, v.conflict() ? Boolean.TRUE : null);
    }

    private static String title(Verdict v) {
        if (v.conflict()) {
            return Reason.CONFLICT_WORDING + ": " + v.reason().wording();
        }
        if (!v.ok()) {
            return v.reason().wording();
        }
        return v.direction().greet(v.ticket().name());
    }

    /** The headline as a sentence, with what the door needs to know next. */
    private String message(Verdict v) {
        if (v.ok()) {
            return title(v) + ".";
        }
        if (v.conflict()) {
            return "Admitted offline, but " + switch (v.reason()) {
                case REVOKED -> "this ticket code was replaced by a newer one";
                case CANCELED -> "this ticket was cancelled";
                default -> "they were already checked in";
            } + "; their entry is at " + CLOCK.withZone(event.get().timezone()).format(v.recorded().at()) + " at "
                    + v.recorded().deviceName() + ". Staff have been told.";
        }
        return switch (v.reason()) {
            case ALREADY_REDEEMED -> "Already checked in at " + CLOCK.withZone(event.get().timezone()).format(v.recorded().at()) + " at " + v.recorded().deviceName() + ".";
            case NOT_INSIDE -> "This ticket is not checked in here.";
            case REVOKED -> "This ticket code was replaced by a newer one.";
            case CANCELED -> "This ticket was cancelled.";
            case INVALID -> "Not a valid ticket.";
        };
    }

    record Annulment(String reason) {
    }

    /** {@code POST /api/checkins/{id}/annul}. */
    public void annul(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiError.notFound("checkin_not_found", "No check-in with that id.");
        }
        String reason = Json.isEmpty(ctx) ? null : Json.body(ctx, json, Annulment.class).reason();
        checkIns.annul(id, AccessGuard.principal(ctx), reason);
        ctx.json(Map.of("status", "annulled", "checkinId", id));
    }

    /** {@code GET /api/checkins.csv}: every entry and exit, annulled ones marked; written as it is read. */
    public void exportCsv(Context ctx) {
        spreadsheet(ctx, "checkins.csv");
        arrivals.write(ctx.outputStream());
    }

    /** {@code GET /api/attendees.csv}: every ticket, its link, and when it first came in on each list. */
    public void exportAttendees(Context ctx) {
        String links = origin.of(ctx);
        spreadsheet(ctx, "attendees.csv");
        attendees.write(ctx.outputStream(), links);
    }

    private static void spreadsheet(Context ctx, String filename) {
        ctx.contentType("text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
    }
}
