package dev.usher.checkin;

import dev.usher.auth.Principal;
import dev.usher.event.CurrentEvent;
import dev.usher.event.Event;
import dev.usher.hook.HookEvents;
import dev.usher.hook.HookType;
import dev.usher.store.Database;
import dev.usher.ticket.CodeResolver;
import dev.usher.ticket.CodeStatus;
import dev.usher.ticket.Ticket;
import dev.usher.ticket.TicketCode;
import dev.usher.ticket.TicketStore;
import dev.usher.web.ApiError;
import dev.usher.web.Text;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The door rules: who is admitted, refused or let out. Each scan is decided and recorded inside one
 * write transaction, so two kiosks scanning one ticket at the same instant cannot both admit it.
 */
public final class CheckInService {
    static final int MAX_NONCE = 100;
    static final Instant EARLIEST_CLIENT_TIME = Instant.parse("2000-01-01T00:00:00Z");
    static final Instant LATEST_CLIENT_TIME = Instant.parse("2200-01-01T00:00:00Z");
    /** An offline scan's time may run this far ahead of the server's clock (tablet clocks drift). */
    static final Duration OFFLINE_CLOCK_AHEAD = Duration.ofMinutes(5);
    /** An offline queue older than this is not an evening without Wi-Fi but a wrong clock or a stale tablet. */
    static final Duration OFFLINE_MAX_AGE = Duration.ofDays(7);

    private final Database db;
    private final CheckInStore store;
    private final TicketStore tickets;
    private final CurrentEvent event;
    private final Clock clock;
    private final HookEvents hooks;

    public CheckInService(Database db, CheckInStore store, TicketStore tickets, CurrentEvent event, Clock clock,
                          HookEvents hooks) {
        this.db = db;
        this.store = store;
        this.tickets = tickets;
        this.event = event;
        this.clock = clock;
        this.hooks = hooks;
    }

    public Verdict checkIn(Principal device, CheckInRequest request) {
        Scan scan = Scan.of(request, event.get(), clock.instant());
        return db.write(c -> {
            if (scan.nonce() != null) {
                Optional<CheckInStore.Scan> earlier = store.scanByNonce(c, device.deviceId(), scan.nonce());
                if (earlier.isPresent()) {
                    // A nonce names one attempt at one scan: the same nonce for another code is a
                    // device bug, and answering it with the first verdict would greet the wrong person.
                    if (!earlier.get().codeHash().equals(scan.codeHash())) {
                        throw ApiError.conflict("nonce_reused",
                                "This device already used that nonce for another ticket; send a new nonce with each scan.");
                    }
                    return replay(c, earlier.get());
                }
            }
            return decideAndRecord(c, device, scan);
        });
    }

    /**
     * A check-in inside the caller's write transaction (a walk-in: the ticket issued in the same
     * transaction is admitted with it, or neither happens). No nonce: the caller's request is one.
     */
    public Verdict checkInWithin(Connection c, Principal device, CheckInRequest request) throws SQLException {
        return decideAndRecord(c, device, Scan.of(request, event.get(), clock.instant()));
    }

    private Verdict decideAndRecord(Connection c, Principal device, Scan scan) throws SQLException {
        Verdict verdict = scan.offline() && scan.direction() == Direction.ENTRY ? decideOfflineEntry(c, device, scan) : decide(c, device, scan);
        store.insertScan(c, new CheckInStore.Scan(clock.instant(), scan.clientAt(), device.deviceId(), device.name(), scan.list(),
                verdict.direction(), scan.codeHash(), verdict.reason(), verdict.conflict(), ticketIdOf(verdict),
                checkinIdOf(verdict), scan.nonce()));
        hooks.raise(c, CheckInHooks.typeOf(verdict), () -> CheckInHooks.scanned(verdict, device, scan.clientAt(), clock.instant(), scan.offline()));
        return verdict;
    }

    /** The validated request: list and type known, code parsed, client time read (and required offline). */
    private record Scan(String list, Direction direction, Optional<TicketCode> code, String ticketId, String codeHash,
                        String nonce, Instant clientAt, boolean offline) {
        static Scan of(CheckInRequest r, Event event, Instant now) {
            if (r == null) {
                throw ApiError.badRequest("bad_request", "Send a JSON object with a code.");
            }
            String list = r.list() == null || r.list().isBlank() ? Event.MAIN_LIST : r.list().strip();
            if (event.checkInList(list).isEmpty()) {
                throw ApiError.badRequest("unknown_list", "There is no check-in list '" + abbreviate(list) + "'.");
            }
            Direction direction = r.type() == null || r.type().isBlank() ? Direction.ENTRY
                    : Direction.fromWire(r.type().strip()).orElseThrow(() ->
                            ApiError.badRequest("invalid_type", "type must be 'entry' or 'exit'."));
            boolean hasCode = r.code() != null && !r.code().isBlank();
            boolean hasTicketId = r.ticketId() != null && !r.ticketId().isBlank();
            if (hasCode == hasTicketId) {
                throw ApiError.badRequest("missing_code", "Send either a scanned code or a ticketId.");
            }
            String nonce = r.nonce() == null || r.nonce().isBlank() ? null : r.nonce().strip();
            if (nonce != null && nonce.length() > MAX_NONCE) {
                throw ApiError.badRequest("invalid_nonce", "A nonce has at most " + MAX_NONCE + " characters.");
            }
            // Kept in the scan audit, as every text we keep: no control characters (PostgreSQL could not even store a NUL).
            if (nonce != null && Text.hasHiddenCharacters(nonce)) {
                throw ApiError.badRequest("invalid_nonce", "A nonce may not contain control or invisible formatting characters.");
            }
            Instant clientAt = null;
            if (r.at() != null && !r.at().isBlank()) {
                try {
                    clientAt = Instant.parse(r.at().strip());
                } catch (DateTimeParseException e) {
                    clientAt = null;
                }
                // A device clock can be off, but not by centuries: outside this it is garbage.
                if (clientAt == null || clientAt.isBefore(EARLIEST_CLIENT_TIME) || clientAt.isAfter(LATEST_CLIENT_TIME)) {
                    throw ApiError.badRequest("invalid_time", "at must be an ISO-8601 instant such as 2019-02-21T18:04:00Z.");
                }
            }
            boolean offline = Boolean.TRUE.equals(r.offline());
            if (offline) {
                if (clientAt == null) {
                    throw ApiError.badRequest("missing_time", "An offline scan needs at: when the door scanned it (ISO-8601).");
                }
                if (clientAt.isAfter(now.plus(OFFLINE_CLOCK_AHEAD)) || clientAt.isBefore(now.minus(OFFLINE_MAX_AGE))) {
                    throw ApiError.badRequest("invalid_time", "An offline scan's at must lie between " + OFFLINE_MAX_AGE.toDays()
                            + " days ago and " + OFFLINE_CLOCK_AHEAD.toMinutes() + " minutes from now; check the kiosk's clock.");
                }
            }
            String presented = hasCode ? r.code() : "ticket:" + r.ticketId().strip();
            return new Scan(list, direction, hasCode ? TicketCode.parse(r.code()) : Optional.empty(),
                    hasTicketId ? r.ticketId().strip() : null, TicketCode.hashOf(presented), nonce, clientAt, offline);
        }

        private static String abbreviate(String s) {
            return s.length() <= 40 ? s : s.substring(0, 40) + "…";
        }
    }

    private Verdict decide(Connection c, Principal device, Scan scan) throws SQLException {
        Optional<Resolved> resolved = resolve(c, scan);
        if (resolved.isEmpty()) {
            return new Verdict.Refused(Reason.INVALID, null, scan.list(), scan.direction());
        }
        Verdict.TicketRef ticket = resolved.get().ticket();
        if (resolved.get().cancelled()) {
            return new Verdict.Refused(Reason.CANCELED, ticket, scan.list(), scan.direction());
        }
        if (resolved.get().revoked()) {
            return new Verdict.Refused(Reason.REVOKED, ticket, scan.list(), scan.direction());
        }
        Optional<CheckInStore.Latest> latest = resolved.get().latest();
        boolean inside = latest.isPresent() && latest.get().direction() == Direction.ENTRY;
        // An offline exit is recorded when the door let the person out, not when it was uploaded.
        Instant now = scan.offline() ? scan.clientAt() : clock.instant();
        if (scan.direction() == Direction.ENTRY) {
            if (inside) {
                return new Verdict.AlreadyRedeemed(ticket, scan.list(), latest.get().record());
            }
            int round = latest.map(l -> l.round() + 1).orElse(0);
            Recorded entry = store.insert(c, ticket.id(), scan.list(), Direction.ENTRY, round, now, scan.clientAt(), device.deviceId(), device.name());
            return new Verdict.Admitted(ticket, scan.list(), entry);
        }
        if (!inside) {
            return new Verdict.NotInside(ticket, scan.list());
        }
        Recorded exit = store.insert(c, ticket.id(), scan.list(), Direction.EXIT, latest.get().round(), now, scan.clientAt(), device.deviceId(), device.name());
        return new Verdict.Exited(ticket, scan.list(), exit);
    }

    /**
     * An entry a kiosk admitted offline, by signature: the person is in. A code we never issued is
     * still refused; a genuine one is recorded at its scan time, and what the online rules refuse
     * (inside already, revoked or cancelled meanwhile) becomes a conflict for staff, never a second entry.
     */
    private Verdict decideOfflineEntry(Connection c, Principal device, Scan scan) throws SQLException {
        Optional<Resolved> resolved = resolve(c, scan);
        if (resolved.isEmpty()) {
            return new Verdict.Refused(Reason.INVALID, null, scan.list(), Direction.ENTRY);
        }
        Verdict.TicketRef ticket = resolved.get().ticket();
        Reason refusal = resolved.get().cancelled() ? Reason.CANCELED : resolved.get().revoked() ? Reason.REVOKED : null;
        Optional<CheckInStore.Latest> latest = resolved.get().latest();
        if (latest.isPresent() && latest.get().direction() == Direction.ENTRY) {
            return new Verdict.Conflict(refusal == null ? Reason.ALREADY_REDEEMED : refusal, ticket, scan.list(), latest.get().record(), false);
        }
        int round = latest.map(l -> l.round() + 1).orElse(0);
        Recorded entry = store.insert(c, ticket.id(), scan.list(), Direction.ENTRY, round, scan.clientAt(), scan.clientAt(),
                device.deviceId(), device.name());
        return refusal == null ? new Verdict.Admitted(ticket, scan.list(), entry) : new Verdict.Conflict(refusal, ticket, scan.list(), entry, true);
    }

    /** The presented ticket, its state, and its latest standing check-in on the scan's list. */
    private record Resolved(Verdict.TicketRef ticket, boolean revoked, boolean cancelled, Optional<CheckInStore.Latest> latest) {
    }

    private Optional<Resolved> resolve(Connection c, Scan scan) throws SQLException {
        if (scan.ticketId() != null) {
            Optional<Ticket> found = tickets.find(c, scan.ticketId());
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Ticket t = found.get();
            return Optional.of(new Resolved(new Verdict.TicketRef(t.id(), t.name()), false, t.cancelled(), store.latest(c, t.id(), scan.list())));
        }
        if (scan.code().isEmpty()) {
            return Optional.empty();
        }
        TicketCode code = scan.code().get();
        Optional<CheckInStore.AtTheDoor> door = store.atTheDoor(c, code.serial(), scan.list());
        CodeStatus status = CodeResolver.statusOf(door.map(CheckInStore.AtTheDoor::code), code);
        Optional<CheckInStore.Latest> latest = door.flatMap(CheckInStore.AtTheDoor::latest);
        if (status instanceof CodeStatus.Valid v) {
            return Optional.of(new Resolved(new Verdict.TicketRef(v.ticketId(), v.name()), false, false, latest));
        }
        if (status instanceof CodeStatus.Revoked r) {
            return Optional.of(new Resolved(new Verdict.TicketRef(r.ticketId(), r.name()), true, false, latest));
        }
        if (status instanceof CodeStatus.Cancelled x) {
            return Optional.of(new Resolved(new Verdict.TicketRef(x.ticketId(), x.name()), false, true, latest));
        }
        return Optional.empty();
    }

    /** Rebuilds the verdict a retried request got the first time. */
    private Verdict replay(Connection c, CheckInStore.Scan earlier) throws SQLException {
        String list = earlier.listId();
        Direction direction = earlier.direction();
        if (earlier.ticketId() == null) {
            return new Verdict.Refused(Reason.INVALID, null, list, direction);
        }
        Ticket t = tickets.find(c, earlier.ticketId()).orElseThrow();
        Verdict.TicketRef ticket = new Verdict.TicketRef(t.id(), t.name());
        Recorded recorded = earlier.checkinId() == null ? null : store.find(c, earlier.checkinId()).orElseThrow();
        Reason reason = earlier.reason();
        if (earlier.conflict()) {
            // Only webhooks read entered, and a replay raises none.
            return new Verdict.Conflict(reason, ticket, list, recorded, false);
        }
        if (reason == null) {
            return direction == Direction.EXIT ? new Verdict.Exited(ticket, list, recorded) : new Verdict.Admitted(ticket, list, recorded);
        }
        return switch (reason) {
            case ALREADY_REDEEMED -> new Verdict.AlreadyRedeemed(ticket, list, recorded);
            case NOT_INSIDE -> new Verdict.NotInside(ticket, list);
            case REVOKED, CANCELED, INVALID -> new Verdict.Refused(reason, ticket, list, direction);
        };
    }

    /** Staff take back a check-in made by mistake: the row stays, marked annulled. */
    public void annul(long checkinId, Principal by, String reason) {
        String why = reason == null ? null : Text.visible("invalid_reason", "reason", reason);
        if (why != null && why.length() > 500) {
            throw ApiError.badRequest("invalid_reason", "Keep the reason under 500 characters.");
        }
        Instant now = clock.instant();
        db.write(c -> {
            CheckInStore.Standing s = store.standing(c, checkinId)
                    .orElseThrow(() -> ApiError.notFound("checkin_not_found", "No check-in with id " + checkinId + "."));
            if (s.annulled()) {
                throw ApiError.conflict("already_annulled", "This check-in was already annulled.");
            }
            CheckInStore.Latest latest = store.latest(c, s.ticketId(), s.listId()).orElseThrow();
            if (latest.record().id() != s.id()) {
                throw ApiError.conflict("not_latest",
                        "Only the ticket's most recent entry or exit on a list can be annulled; annul the later one first.");
            }
            store.annul(c, checkinId, now, by.name(), why);
            hooks.raise(c, HookType.CHECKIN_ANNULLED, () -> CheckInHooks.annulled(checkinId, s.ticketId(),
                    tickets.find(c, s.ticketId()).map(Ticket::name).orElse(null), s.listId(), by.name(), why, now));
            return null;
        });
    }

    private static String ticketIdOf(Verdict v) {
        return v.ticket() == null ? null : v.ticket().id();
    }

    private static Long checkinIdOf(Verdict v) {
        return v.recorded() == null ? null : v.recorded().id();
    }
}
