package dev.usher.ticket;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The mail outbox as tickets see it: a mail is queued inside the transaction that issues,
 * re-issues or asks for the ticket, so a committed ticket always has its mail on the way.
 */
public interface MailQueue {
    /** Queues a mail of {@code ticket}; {@code baseUrl} is where its ticket link points. */
    void enqueue(Connection c, Ticket ticket, MailKind kind, String baseUrl) throws SQLException;

    /**
     * Wakes the sender: called once the write that queued mail has returned, so the mail is
     * committed. Not from inside the write: a unit of work may run twice, and on PostgreSQL other
     * writes commit while it runs, so only its return says that its mail is there to send.
     */
    void wakeSender();

    /** When the ticket's newest mail was queued, or null when it never had one. */
    Instant lastQueued(Connection c, String ticketId) throws SQLException;

    /** The newest mail of each ticket; tickets without one are absent. */
    Map<String, MailStatus> statuses(Connection c, List<String> ticketIds) throws SQLException;
}
