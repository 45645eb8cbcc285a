package dev.usher.ticket;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.usher.event.CurrentEvent;
import dev.usher.event.Event;
import dev.usher.hook.HookEvents;
import dev.usher.hook.HookType;
import dev.usher.store.Database;
import dev.usher.store.RandomIds;
import dev.usher.web.ApiError;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Issues, finds and re-issues tickets. */
public final class TicketService {
    public static final int SEARCH_MIN_CHARS = 3;
    public static final int SEARCH_MAX_RESULTS = 8;
    /** The lost-ticket form mails an address at most once in this long. */
    public static final Duration RESEND_QUIET = Duration.ofMinutes(5);
    /** A chunk's commit can wait behind other work on a loaded machine; the import is not a door request. */
    static final long IMPORT_PATIENCE_MS = Duration.ofMinutes(2).toMillis();
    /** Rows per import transaction: short enough that a scan behind one waits milliseconds, not seconds. */
    static final int IMPORT_CHUNK = 100;

    private final Database db;
    private final TicketStore store;
    private final CodeResolver codes;
    private final EventKey key;
    private final RandomIds ids;
    private final Clock clock;
    private final CurrentEvent event;
    private final MailQueue mail;
    private final HookEvents hooks;

    public TicketService(Database db, TicketStore store, CodeResolver codes, EventKey key, RandomIds ids, Clock clock,
                         CurrentEvent event, MailQueue mail, HookEvents hooks) {
        this.db = db;
        this.mail = mail;
        this.hooks = hooks;
        this.store = store;
        this.codes = codes;
        this.key = key;
        this.ids = ids;
        this.clock = clock;
        this.event = event;
    }

    /** What a self-registration did. */
    public sealed interface Registered {
        /** A new ticket, with its mail queued. */
        record Created(IssuedTicket ticket) implements Registered {
        }

        /** The address had a ticket already: it is mailed there again (unless it just was). */
        record AlreadyRegistered(Ticket ticket) implements Registered {
        }
    }

    /**
     * Self-registration from the public page: refused when the event file closes registration. The
     * ticket's mail is queued in the same transaction; an address that has a ticket gets it again.
     */
    public Registered register(Attendee attendee, String baseUrl) {
        Event.Registration rules = event.get().registration();
        if (!rules.open()) {
            throw ApiError.forbidden("registration_closed", "Registration for this event is closed.");
        }
        IssuedTicket issued = prepare(attendee, Ticket.Source.SELF);
        Instant now = clock.instant();
        Integer capacity = rules.capacity();
        // A count decides this write, not a unique index: two nodes registering the last two people at
        // once must not both see one place left (serializable, on PostgreSQL).
        Registered registered = db.writeSerializable(c -> {
            // Counted inside the write transaction: two people cannot both take the last place.
            if (capacity != null && store.findByEmail(c, attendee.email()).isEmpty() && store.countActive(c) >= capacity) {
                throw ApiError.forbidden("sold_out", "Sorry, this event is sold out: all " + capacity + " places are taken.");
            }
            if (!insertNew(c, List.of(issued), null).isEmpty()) {
                mail.enqueue(c, issued.ticket(), MailKind.TICKET, baseUrl);
                return new Registered.Created(issued);
            }
            Ticket existing = store.findByEmail(c, attendee.email()).orElseThrow();
            resendIfQuiet(c, existing, now, baseUrl);
            return new Registered.AlreadyRegistered(existing);
        });
        mail.wakeSender();
        return registered;
    }

    /** What the public page shows before anyone submits: open or closed, sold out, places left. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Availability(boolean open, boolean soldOut, Integer placesLeft) {
    }

    public Availability availability() {
        Event.Registration rules = event.get().registration();
        if (rules.capacity() == null) {
            return new Availability(rules.open(), false, null);
        }
        long left = Math.max(0, rules.capacity() - db.read(store::countActive));
        return new Availability(rules.open(), left == 0, (int) left);
    }

    /**
     * The lost-ticket form: mails the address's ticket when there is one, and says nothing about
     * whether there was (the caller answers the same either way).
     */
    public void resend(String email, String baseUrl) {
        Instant now = clock.instant();
        db.write(c -> {
            Optional<Ticket> ticket = store.findByEmail(c, email);
            if (ticket.isPresent() && !ticket.get().cancelled()) {
                resendIfQuiet(c, ticket.get(), now, baseUrl);
            }
            return null;
        });
        mail.wakeSender();
    }

    /** At most one mail per address per {@link #RESEND_QUIET}: the form cannot be used to flood an inbox. */
    private void resendIfQuiet(Connection c, Ticket ticket, Instant now, String baseUrl) throws SQLException {
        Instant last = mail.lastQueued(c, ticket.id());
        if (!ticket.cancelled() && (last == null || last.isBefore(now.minus(RESEND_QUIET)))) {
            mail.enqueue(c, ticket, MailKind.RESEND, baseUrl);
        }
    }

    /** Staff issue a ticket; with {@code baseUrl} its mail is queued in the same transaction. */
    public IssuedTicket issue(Attendee attendee, Ticket.Source source, String mailBaseUrl) {
        IssuedTicket issued = prepare(attendee, source);
        db.write(c -> issueWithin(c, issued, mailBaseUrl));
        if (mailBaseUrl != null) {
            mail.wakeSender();
        }
        return issued;
    }

    /**
     * Staff correct a name or email (a typo, a colleague taking the place). Each change is audited
     * with who made it; the search key follows in the same transaction. Null leaves a field as it is.
     */
    public TicketView edit(String ticketId, String rawName, String rawEmail, String byId, String byName) {
        Instant now = clock.instant();
        return db.write(c -> {
            Ticket t = store.find(c, ticketId)
                    .orElseThrow(() -> ApiError.notFound("ticket_not_found", "No ticket with id " + ticketId + "."));
            Attendee checked = Attendee.of(rawName == null ? t.name() : rawName, rawEmail == null ? t.email() : rawEmail, Map.of());
            if (!store.rename(c, ticketId, checked.name(), checked.email())) {
                throw ApiError.conflict("email_taken", "Another ticket already has " + checked.email() + ".");
            }
            if (!checked.name().equals(t.name())) {
                store.recordEdit(c, ticketId, now, byId, byName, "name", t.name(), checked.name());
            }
            if (!checked.email().equals(t.email())) {
                store.recordEdit(c, ticketId, now, byId, byName, "email", t.email(), checked.email());
            }
            store.updateSearch(c, ticketId);
            Ticket edited = store.find(c, ticketId).orElseThrow();
            List<String> changed = new ArrayList<>();
            if (!checked.name().equals(t.name())) {
                changed.add("name");
            }
            if (!checked.email().equals(t.email())) {
                changed.add("email");
            }
            if (!changed.isEmpty()) {
                hooks.raise(c, HookType.TICKET_UPDATED, () -> TicketHooks.updated(edited, changed, now));
            }
            return view(c, new IssuedTicket(edited, store.activeCode(c, ticketId).orElse(null)));
        });
    }

    /** Who changed what on a ticket, oldest first. */
    public List<Map<String, Object>> edits(String ticketId) {
        return db.read(c -> store.edits(c, ticketId));
    }

    /** Every new ticket goes in here: each one created raises {@code ticket.created} in the same transaction. */
    private List<IssuedTicket> insertNew(Connection c, List<IssuedTicket> tickets, String importId) throws SQLException {
        List<IssuedTicket> created = store.insertNew(c, tickets, importId);
        Instant now = clock.instant();
        for (IssuedTicket t : created) {
            hooks.raise(c, HookType.TICKET_CREATED, () -> TicketHooks.created(t.ticket(), now));
        }
        return created;
    }

    /** Prepares a ticket (signing is CPU work, done before the writer is taken). */
    public IssuedTicket prepare(Attendee attendee) {
        return prepare(attendee, Ticket.Source.STAFF);
    }

    /**
     * Inserts a prepared ticket inside the caller's write transaction (a walk-in is issued and
     * admitted in one); with {@code mailBaseUrl} its mail is queued too, and the caller wakes the
     * sender ({@link MailQueue#wakeSender}) once its write returned. A 409 when the email has one.
     */
    public IssuedTicket issueWithin(Connection c, IssuedTicket issued, String mailBaseUrl) throws SQLException {
        // The same insert as an import batch: the unique email index decides, in one statement.
        if (insertNew(c, List.of(issued), null).isEmpty()) {
            throw ApiError.conflict("email_taken", "A ticket for " + issued.ticket().email() + " already exists.");
        }
        if (mailBaseUrl != null) {
            mail.enqueue(c, issued.ticket(), MailKind.TICKET, mailBaseUrl);
        }
        return issued;
    }

    /**
     * Issues tickets for many attendees; those whose email already has a ticket are returned in
     * {@code skipped} and left alone. The created ones share an import id.
     *
     * <p>The rows go in chunks of {@link #IMPORT_CHUNK}, each its own transaction, so door scans
     * queued behind an import wait for one chunk, not for the whole list. An import stopped half-way
     * (killed, a full disk) keeps the chunks it committed, each ticket whole; running the same list
     * again adds only the rest, since an email that has a ticket is skipped. Signing is CPU work
     * done on every core, for the next chunk while the writer commits this one.
     */
    public BatchResult issueAll(List<Attendee> attendees, Ticket.Source source) {
        String importId = ids.id();
        int created = 0;
        Set<String> skipped = new HashSet<>();
        Chunk committing = null;
        for (int from = 0; from < attendees.size(); from += IMPORT_CHUNK) {
            List<IssuedTicket> prepared = attendees.subList(from, Math.min(attendees.size(), from + IMPORT_CHUNK))
                    .parallelStream().map(a -> prepare(a, source)).toList();
            if (committing != null) {
                created += committing.settle(skipped);
            }
            committing = new Chunk(prepared, db.submit(c -> insertNew(c, prepared, importId)));
        }
        if (committing != null) {
            created += committing.settle(skipped);
        }
        return new BatchResult(created, skipped, created == 0 ? null : importId);
    }

    /** An import chunk handed to the writer, and the tickets it inserted once committed. */
    private record Chunk(List<IssuedTicket> prepared, CompletableFuture<List<IssuedTicket>> inserted) {
        /** Waits for the commit; adds the emails that already had a ticket, returns how many were created. */
        int settle(Set<String> skippedEmails) {
            List<IssuedTicket> created = Database.await(inserted, IMPORT_PATIENCE_MS);
            Set<String> createdIds = new HashSet<>();
            created.forEach(t -> createdIds.add(t.ticket().id()));
            prepared.stream().filter(t -> !createdIds.contains(t.ticket().id())).forEach(t -> skippedEmails.add(t.ticket().email()));
            return created.size();
        }
    }

    /**
     * @param created how many tickets were issued
     * @param skippedEmails the emails that already had a ticket, left alone
     * @param importId what {@code POST /api/tickets/send} takes to mail this batch; null when none was created
     */
    public record BatchResult(int created, Set<String> skippedEmails, String importId) {
    }

    private IssuedTicket prepare(Attendee a, Ticket.Source source) {
        Ticket ticket = new Ticket(ids.id(), a.name(), a.email(), a.fields(), source, clock.instant(), null);
        return new IssuedTicket(ticket, key.issue());
    }

    /**
     * Revokes the ticket's current code. With {@code reissue} the attendee gets a new code at once
     * (a leaked or lost ticket); without it the ticket is cancelled.
     */
    public Optional<IssuedTicket> revoke(String ticketId, boolean reissue, String mailBaseUrl) {
        TicketCode fresh = reissue ? key.issue() : null;
        Instant now = clock.instant();
        Optional<IssuedTicket> revoked = db.write(c -> {
            Ticket ticket = store.find(c, ticketId)
                    .orElseThrow(() -> ApiError.notFound("ticket_not_found", "No ticket with id " + ticketId + "."));
            if (ticket.cancelled()) {
                throw ApiError.conflict("ticket_cancelled", "This ticket was cancelled.");
            }
            store.revokeActiveCode(c, ticketId, now);
            hooks.raise(c, HookType.TICKET_REVOKED, () -> TicketHooks.revoked(ticket, fresh != null, now));
            if (fresh == null) {
                store.cancel(c, ticketId, now);
                return Optional.empty();
            }
            store.insertCode(c, ticketId, fresh, now);
            if (mailBaseUrl != null) {
                mail.enqueue(c, ticket, MailKind.REISSUE, mailBaseUrl);
            }
            return Optional.of(new IssuedTicket(ticket, fresh));
        });
        if (fresh != null && mailBaseUrl != null) {
            mail.wakeSender();
        }
        return revoked;
    }

    public Optional<TicketView> find(String ticketId) {
        return db.read(c -> {
            Optional<Ticket> ticket = store.find(c, ticketId);
            if (ticket.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(view(c, new IssuedTicket(ticket.get(), store.activeCode(c, ticketId).orElse(null))));
        });
    }

    /** The ticket as staff see it: with its mail state as of now. */
    public TicketView view(IssuedTicket t) {
        return db.read(c -> view(c, t));
    }

    private TicketView view(Connection c, IssuedTicket t) throws SQLException {
        return TicketView.of(t, mail.statuses(c, List.of(t.ticket().id())).getOrDefault(t.ticket().id(), MailStatus.NEVER));
    }

    /** What a presented code is: ours and current, ours but replaced, or nothing we issued. */
    public CodeStatus status(String scanned) {
        Optional<TicketCode> parsed = TicketCode.parse(scanned);
        if (parsed.isEmpty()) {
            return new CodeStatus.Unknown();
        }
        return db.read(c -> codes.resolve(c, parsed.get()));
    }

    /**
     * Staff and kiosk look-up by name or email: a few matches, never the whole list. Accents, case
     * and punctuation do not matter, and each word typed is the start of a word of the name or
     * email, in any order ("dub ren" finds Renée Dubois). Each match says whether the ticket is
     * inside on the main list; with {@code withMail} (staff), its mail state too.
     */
    public List<TicketView.Match> search(String query, boolean withMail) {
        String q = query == null ? "" : query.strip();
        if (q.length() < SEARCH_MIN_CHARS) {
            throw ApiError.badRequest("query_too_short", "Type at least " + SEARCH_MIN_CHARS + " characters to search.");
        }
        if (q.length() > 100) {
            throw ApiError.badRequest("query_too_long", "Search for at most 100 characters.");
        }
        List<String> words = Fold.words(q);
        if (words.isEmpty()) {
            return List.of();
        }
        return db.read(c -> {
            List<Ticket> found = store.search(c, words, SEARCH_MAX_RESULTS);
            List<String> ids = found.stream().map(Ticket::id).toList();
            Map<String, TicketStore.DoorState> doors = store.doorStates(c, Event.MAIN_LIST, ids);
            Map<String, MailStatus> states = withMail ? mail.statuses(c, ids) : Map.of();
            return found.stream().map(t -> TicketView.Match.of(t, doors.getOrDefault(t.id(), TicketStore.DoorState.NEVER).inside(),
                    withMail ? states.getOrDefault(t.id(), MailStatus.NEVER) : null)).toList();
        });
    }

    /** One page of the whole list, and the cursor of the next (null, and said so, after the last page). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Page(List<TicketView.Row> tickets, String next) {
    }

    /** A page of every ticket, for the attendee desk; a 400 for a list the event does not have. */
    public Page list(Listing listing) {
        if (event.get().checkInList(listing.listId()).isEmpty()) {
            throw ApiError.badRequest("unknown_list", "This event has no check-in list '" + listing.listId() + "'.");
        }
        return db.read(c -> {
            List<TicketStore.Listed> rows = store.page(c, listing);
            boolean more = rows.size() > listing.limit();
            List<TicketStore.Listed> shown = more ? rows.subList(0, listing.limit()) : rows;
            List<String> ids = shown.stream().map(r -> r.ticket().id()).toList();
            Map<String, TicketStore.DoorState> doors = store.doorStates(c, listing.listId(), ids);
            Map<String, MailStatus> states = mail.statuses(c, ids);
            List<TicketView.Row> page = shown.stream().map(r -> TicketView.Row.of(r.ticket(),
                    doors.getOrDefault(r.ticket().id(), TicketStore.DoorState.NEVER),
                    states.getOrDefault(r.ticket().id(), MailStatus.NEVER))).toList();
            TicketStore.Listed last = shown.isEmpty() ? null : shown.get(shown.size() - 1);
            return new Page(page, more ? new Listing.Cursor(listing.sort(), last.sortKey(), last.ticket().id()).encode() : null);
        });
    }

    /**
     * Gives tickets from before search keys existed theirs, a batch per write transaction (a
     * write waits at most 10 s, and 100,000 tickets take longer than that in one).
     */
    public int prepareSearch() {
        int filled = 0;
        for (int n; (n = db.write(c -> store.fillSearchKeys(c, 5_000))) > 0; ) {
            filled += n;
        }
        return filled;
    }
}
