package dev.usher.mail;

import dev.usher.store.Dialect;
import dev.usher.store.Rows;
import dev.usher.store.Topic;
import dev.usher.ticket.MailKind;
import dev.usher.ticket.MailState;
import dev.usher.ticket.MailStatus;
import dev.usher.ticket.TicketCode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL for the mail outbox. Every method runs on the connection it is given. */
public final class MailStore {
    private final Dialect dialect;

    MailStore(Dialect dialect) {
        this.dialect = dialect;
    }

    /** A new row of the outbox. */
    record NewMail(String id, String ticketId, MailKind kind, String subject, String baseUrl, Instant at) {
    }

    /** A ticket that can be mailed. */
    record Recipient(String ticketId, String name, boolean cancelled) {
    }

    /** Counts by state. */
    record Counts(long queued, long sent, long failed) {
    }

    /** An address under RFC 2606's {@code .invalid}: a ticket issued without one (a walk-in). */
    static boolean takesNoMail(String email) {
        return email.endsWith(".invalid");
    }

    void insert(Connection c, List<NewMail> mails) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO mails (id, ticket_id, kind, subject, base_url, state, created_at, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, 'queued', ?, ?)
                """)) {
            for (NewMail m : mails) {
                ps.setString(1, m.id());
                ps.setString(2, m.ticketId());
                ps.setString(3, m.kind().wire());
                ps.setString(4, m.subject());
                ps.setString(5, m.baseUrl());
                ps.setLong(6, m.at().toEpochMilli());
                ps.setLong(7, m.at().toEpochMilli());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        // Other nodes' senders sleep until their next planned look: wake them (PostgreSQL only).
        Topic.MAIL.announce(c, null);
    }

    Instant lastQueued(Connection c, String ticketId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(created_at) AS at FROM mails WHERE ticket_id = ?")) {
            ps.setString(1, ticketId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Rows.instant(rs, "at") : null;
            }
        }
    }

    Map<String, MailStatus> statuses(Connection c, List<String> ticketIds) throws SQLException {
        Map<String, MailStatus> found = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, state, created_at, done_at, error FROM mails WHERE ticket_id = ?
                ORDER BY created_at DESC, rowid DESC LIMIT 1
                """)) {
            for (String ticketId : ticketIds) {
                ps.setString(1, ticketId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        MailState state = MailState.fromWire(rs.getString("state"));
                        Instant at = state == MailState.QUEUED ? Rows.instant(rs, "created_at") : Rows.instant(rs, "done_at");
                        found.put(ticketId, new MailStatus(state, at, rs.getString("error"), rs.getString("id")));
                    }
                }
            }
        }
        return found;
    }

    /** Up to {@code limit} queued mails whose time has come, the longest waiting first. */
    List<Due> due(Connection c, Instant now, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_DUE + """
                 WHERE m.state = 'queued' AND m.next_attempt_at <= ?
                ORDER BY m.next_attempt_at, m.created_at, m.rowid LIMIT ?
                """)) {
            ps.setLong(1, now.toEpochMilli());
            ps.setInt(2, limit);
            List<Due> due = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    due.add(due(rs));
                }
            }
            return due;
        }
    }

    /**
     * With several nodes on PostgreSQL: takes the due mails for this node until {@code until} (their
     * next attempt moves there), skipping those another node is taking at this moment, so no mail is
     * sent by two nodes at once. A node that dies with mails taken leaves them due again at {@code until}.
     */
    List<Due> claimDue(Connection c, Instant now, int limit, Instant until) throws SQLException {
        List<Due> due = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT_DUE + """
                 WHERE m.state = 'queued' AND m.next_attempt_at <= ?
                ORDER BY m.next_attempt_at, m.created_at, m.rowid LIMIT ?
                """ + (dialect == Dialect.POSTGRESQL ? " FOR UPDATE OF m SKIP LOCKED" : ""))) {
            ps.setLong(1, now.toEpochMilli());
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    due.add(due(rs));
                }
            }
        }
        dueAt(c, due.stream().map(Due::id).toList(), until);
        return due;
    }

    /**
     * Moves queued mails' next attempt to {@code at}: a claim taken or kept (at in the future) or
     * handed back (at now). One statement for all three, so they cannot drift apart.
     */
    void dueAt(Connection c, List<String> ids, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE mails SET next_attempt_at = ? WHERE id = ? AND state = 'queued'")) {
            for (String id : ids) {
                ps.setLong(1, at.toEpochMilli());
                ps.setString(2, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** When the next queued mail is due, or null when nothing is queued. */
    Instant nextAttemptAt(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MIN(next_attempt_at) AS at FROM mails WHERE state = 'queued'");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Rows.instant(rs, "at") : null;
        }
    }

    void markSent(Connection c, String id, int attempts, Instant at, String messageId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE mails SET state = 'sent', attempts = ?, done_at = ?, error = NULL, message_id = ? WHERE id = ?
                """)) {
            ps.setInt(1, attempts);
            ps.setLong(2, at.toEpochMilli());
            ps.setString(3, messageId);
            ps.setString(4, id);
            ps.executeUpdate();
        }
    }

    void markRetry(Connection c, String id, int attempts, Instant firstFailure, Instant next, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE mails SET attempts = ?, first_failure_at = ?, next_attempt_at = ?, error = ? WHERE id = ?
                """)) {
            ps.setInt(1, attempts);
            ps.setLong(2, firstFailure.toEpochMilli());
            ps.setLong(3, next.toEpochMilli());
            ps.setString(4, error);
            ps.setString(5, id);
            ps.executeUpdate();
        }
    }

    void markFailed(Connection c, String id, int attempts, Instant at, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE mails SET state = 'failed', attempts = ?, done_at = ?, error = ? WHERE id = ?
                """)) {
            ps.setInt(1, attempts);
            ps.setLong(2, at.toEpochMilli());
            ps.setString(3, error);
            ps.setString(4, id);
            ps.executeUpdate();
        }
    }

    /** Puts failed mails (one, or all when {@code id} is null) back in the queue; returns how many. */
    int requeueFailed(Connection c, String id, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE mails SET state = 'queued', attempts = 0, first_failure_at = NULL, next_attempt_at = ?, done_at = NULL
                WHERE state = 'failed' AND (? IS NULL OR id = ?)
                """)) {
            ps.setLong(1, now.toEpochMilli());
            ps.setString(2, id);
            ps.setString(3, id);
            int requeued = ps.executeUpdate();
            if (requeued > 0) {
                Topic.MAIL.announce(c, null);
            }
            return requeued;
        }
    }

    Counts counts(Connection c, String importId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT m.state, COUNT(*) AS n FROM mails m JOIN tickets t ON t.id = m.ticket_id
                WHERE ? IS NULL OR t.import_id = ? GROUP BY m.state
                """)) {
            ps.setString(1, importId);
            ps.setString(2, importId);
            long queued = 0;
            long sent = 0;
            long failed = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    switch (MailState.fromWire(rs.getString("state"))) {
                        case QUEUED -> queued = rs.getLong("n");
                        case SENT -> sent = rs.getLong("n");
                        case FAILED -> failed = rs.getLong("n");
                        case NEVER -> throw new IllegalStateException("a stored mail is never 'never'");
                    }
                }
            }
            return new Counts(queued, sent, failed);
        }
    }

    /** The newest mails, optionally of one import and one state. */
    List<Mail> recent(Connection c, String importId, MailState state, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_MAIL + """
                 WHERE (? IS NULL OR t.import_id = ?) AND (? IS NULL OR m.state = ?)
                ORDER BY m.created_at DESC, m.rowid DESC LIMIT ?
                """)) {
            String s = state == null ? null : state.wire();
            ps.setString(1, importId);
            ps.setString(2, importId);
            ps.setString(3, s);
            ps.setString(4, s);
            ps.setInt(5, limit);
            List<Mail> mails = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    mails.add(mail(rs));
                }
            }
            return mails;
        }
    }

    Optional<Mail> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_MAIL + " WHERE m.id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(mail(rs)) : Optional.empty();
            }
        }
    }

    /** What rendering a stored mail again needs (for its preview), whatever its state. */
    Optional<Due> renderable(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_DUE + " WHERE m.id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(due(rs)) : Optional.empty();
            }
        }
    }

    /** Tickets that can be mailed, by id; unknown ids are left out. */
    List<Recipient> recipients(Connection c, List<String> ticketIds) throws SQLException {
        List<Recipient> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, cancelled_at FROM tickets WHERE id = ?")) {
            for (String id : ticketIds) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        found.add(new Recipient(rs.getString("id"), rs.getString("name"), Rows.nullableLong(rs, "cancelled_at") != null));
                    }
                }
            }
        }
        return found;
    }

    /** Tickets not cancelled that never had a mail, optionally of one import. */
    List<Recipient> neverMailed(Connection c, String importId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT t.id, t.name FROM tickets t
                WHERE t.cancelled_at IS NULL AND (? IS NULL OR t.import_id = ?) AND t.email NOT LIKE '%.invalid'
                  AND NOT EXISTS (SELECT 1 FROM mails m WHERE m.ticket_id = t.id)
                ORDER BY t.created_at, t.id
                """)) {
            ps.setString(1, importId);
            ps.setString(2, importId);
            List<Recipient> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new Recipient(rs.getString("id"), rs.getString("name"), false));
                }
            }
            return found;
        }
    }

    private static final String SELECT_MAIL = """
            SELECT m.id, m.ticket_id, t.email, t.name, m.subject, m.kind, m.state, m.created_at, m.done_at,
                   m.attempts, m.error, m.next_attempt_at
            FROM mails m JOIN tickets t ON t.id = m.ticket_id""";

    private static final String SELECT_DUE = """
            SELECT m.id, m.ticket_id, m.kind, m.subject, m.base_url, m.attempts, m.first_failure_at,
                   t.name, t.email, t.cancelled_at, k.serial, k.signature
            FROM mails m
            JOIN tickets t ON t.id = m.ticket_id
            LEFT JOIN ticket_codes k ON k.ticket_id = m.ticket_id AND k.revoked_at IS NULL""";

    private static Due due(ResultSet rs) throws SQLException {
        byte[] serial = rs.getBytes("serial");
        return new Due(rs.getString("id"), rs.getString("ticket_id"), MailKind.fromWire(rs.getString("kind")),
                rs.getString("subject"), rs.getString("base_url"), rs.getInt("attempts"), Rows.instant(rs, "first_failure_at"),
                rs.getString("name"), rs.getString("email"), Rows.nullableLong(rs, "cancelled_at") != null,
                serial == null ? null : new TicketCode(serial, rs.getBytes("signature")));
    }

    private static Mail mail(ResultSet rs) throws SQLException {
        MailState state = MailState.fromWire(rs.getString("state"));
        return new Mail(rs.getString("id"), rs.getString("ticket_id"), rs.getString("email"), rs.getString("name"),
                rs.getString("subject"), MailKind.fromWire(rs.getString("kind")), state, Rows.instant(rs, "created_at"),
                Rows.instant(rs, "done_at"), rs.getInt("attempts"), rs.getString("error"),
                Rows.instant(rs, "next_attempt_at"));
    }
}
