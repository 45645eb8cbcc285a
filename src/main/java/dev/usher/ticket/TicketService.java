package dev.usher.ticket;

import dev.usher.event.Event;
import dev.usher.store.Database;
import dev.usher.store.RandomIds;
import dev.usher.web.ApiError;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Issues, finds and re-issues tickets. */
public final class TicketService {
    public static final int SEARCH_MIN_CHARS = 3;
    public static final int SEARCH_MAX_RESULTS = 8;

    private final Database db;
    private final TicketStore store;
    private final CodeResolver codes;
    private final EventKey key;
    private final RandomIds ids;
    private final Clock clock;
    private final Event event;

    public TicketService(Database db, TicketStore store, CodeResolver codes, EventKey key, RandomIds ids, Clock clock, Event event) {
        this.db = db;
        this.store = store;
        this.codes = codes;
        this.key = key;
        this.ids = ids;
        this.clock = clock;
        this.event = event;
    }

    /** Self-registration from the public page: refused when the event file closes registration. */
    public IssuedTicket register(Attendee attendee) {
        if (!event.registrationOpen()) {
            throw ApiError.forbidden("registration_closed", "Registration for this event is closed.");
        }
        return issue(attendee, Ticket.Source.SELF);
    }

    public IssuedTicket issue(Attendee attendee, Ticket.Source source) {
        IssuedTicket issued = prepare(attendee, source);
        // The same insert as an import batch: the unique email index decides, in one statement.
        boolean created = !db.write(c -> store.insertNew(c, List.of(issued))).isEmpty();
        if (!created) {
            throw ApiError.conflict("email_taken", "A ticket for " + attendee.email() + " already exists.");
        }
        return issued;
    }

    /**
     * Issues tickets for many attendees in one durable transaction; those whose email already has a
     * ticket are returned in {@code skipped} and left alone.
     */
    public BatchResult issueAll(List<Attendee> attendees, Ticket.Source source) {
        // Signing is CPU work: do it on every core before taking the single writer, not inside it.
        List<IssuedTicket> prepared = attendees.parallelStream().map(a -> prepare(a, source)).toList();
        List<IssuedTicket> created = db.write(c -> store.insertNew(c, prepared));
        Set<String> createdIds = new HashSet<>();
        created.forEach(t -> createdIds.add(t.ticket().id()));
        List<Attendee> skipped = new ArrayList<>();
        for (IssuedTicket t : prepared) {
            if (!createdIds.contains(t.ticket().id())) {
                skipped.add(new Attendee(t.ticket().name(), t.ticket().email(), t.ticket().fields()));
            }
        }
        return new BatchResult(created, skipped);
    }

    public record BatchResult(List<IssuedTicket> created, List<Attendee> skipped) {
    }

    private IssuedTicket prepare(Attendee a, Ticket.Source source) {
        Ticket ticket = new Ticket(ids.id(), a.name(), a.email(), a.fields(), source, clock.instant(), null);
        return new IssuedTicket(ticket, key.issue());
    }

    /**
     * Revokes the ticket's current code. With {@code reissue} the attendee gets a new code at once
     * (a leaked or lost ticket); without it the ticket is cancelled.
     */
    public Optional<IssuedTicket> revoke(String ticketId, boolean reissue) {
        TicketCode fresh = reissue ? key.issue() : null;
        Instant now = clock.instant();
        return db.write(c -> {
            Ticket ticket = store.find(c, ticketId)
                    .orElseThrow(() -> ApiError.notFound("ticket_not_found", "No ticket with id " + ticketId + "."));
            if (ticket.cancelled()) {
                throw ApiError.conflict("ticket_cancelled", "This ticket was cancelled.");
            }
            store.revokeActiveCode(c, ticketId, now);
            if (fresh == null) {
                store.cancel(c, ticketId, now);
                return Optional.empty();
            }
            store.insertCode(c, ticketId, fresh, now);
            return Optional.of(new IssuedTicket(ticket, fresh));
        });
    }

    public Optional<IssuedTicket> find(String ticketId) {
        return db.read(c -> {
            Optional<Ticket> ticket = store.find(c, ticketId);
            if (ticket.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new IssuedTicket(ticket.get(), store.activeCode(c, ticketId).orElse(null)));
        });
    }

    /** What a presented code is: ours and current, ours but replaced, or nothing we issued. */
    public CodeStatus status(String scanned) {
        Optional<TicketCode> parsed = TicketCode.parse(scanned);
        if (parsed.isEmpty()) {
            return new CodeStatus.Unknown();
        }
        return db.read(c -> codes.resolve(c, parsed.get()));
    }

    /** Staff and kiosk look-up by name or email: a few matches, never the whole list. */
    public List<Ticket> search(String query) {
        String q = query == null ? "" : query.strip();
        if (q.length() < SEARCH_MIN_CHARS) {
            throw ApiError.badRequest("query_too_short", "Type at least " + SEARCH_MIN_CHARS + " characters to search.");
        }
        if (q.length() > 100) {
            throw ApiError.badRequest("query_too_long", "Search for at most 100 characters.");
        }
        return db.read(c -> store.search(c, q, SEARCH_MAX_RESULTS));
    }
}
