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
        Optional<CodeLookup> found = store.lookup(c, code.serial()).filter(l -> l.matches(code));
        if (found.isEmpty()) {
            return new CodeStatus.Unknown();
        }
        CodeLookup row = found.get();
        if (row.cancelled()) {
            return new CodeStatus.Cancelled(row.ticketId(), row.name());
        }
        if (row.revoked()) {
            return new CodeStatus.Revoked(row.ticketId(), row.name());
        }
        return new CodeStatus.Valid(row.ticketId(), row.name(), code);
    }
}
