package dev.usher.ticket;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The one place a presented code is matched to a ticket: for the ticket page and, inside the
 * check-in's write transaction, for the door. The server holds every code it issued, so an exact
 * match is proof enough: a forged signature never matches, and no Ed25519 verification is needed
 * on the busy path.
 */
public final class CodeResolver {
    private final TicketStore store;

    public CodeResolver(TicketStore store) {
        this.store = store;
    }

    public CodeStatus resolve(Connection c, TicketCode code) throws SQLException {
        return statusOf(store.lookup(c, code.serial()), code);
    }

    /** The same for a row the caller read itself (the door reads it together with the ticket's latest check-in). */
    public static CodeStatus statusOf(Optional<CodeLookup> row, TicketCode code) {
        Optional<CodeLookup> found = row.filter(l -> l.matches(code));
        if (found.isEmpty()) {
            return new CodeStatus.Unknown();
        }
        CodeLookup matched = found.get();
        if (matched.cancelled()) {
            return new CodeStatus.Cancelled(matched.ticketId(), matched.name());
        }
        if (matched.revoked()) {
            return new CodeStatus.Revoked(matched.ticketId(), matched.name());
        }
        return new CodeStatus.Valid(matched.ticketId(), matched.name(), code);
    }
}
