package dev.usher.ticket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.store.Rows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** SQL for tickets and their codes. Every method runs on the connection it is given. */
public final class TicketStore {
    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {
    };

    private final ObjectMapper json;

    public TicketStore(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Inserts many tickets with their codes, each statement prepared once; a ticket whose email
     * already has one is left out. Returns the tickets that were inserted.
     */
    public List<IssuedTicket> insertNew(Connection c, List<IssuedTicket> all, String importId) throws SQLException {
        List<IssuedTicket> inserted = new ArrayList<>(all.size());
        try (PreparedStatement ticket = c.prepareStatement("""
                INSERT INTO tickets (id, name, email, fields, source, created_at, import_id) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (email) DO NOTHING
                """);
             PreparedStatement code = c.prepareStatement("""
                INSERT INTO ticket_codes (serial, ticket_id, signature, issued_at) VALUES (?, ?, ?, ?)
                """)) {
            for (IssuedTicket it : all) {
                Ticket t = it.ticket();
                ticket.setString(1, t.id());
                ticket.setString(2, t.name());
                ticket.setString(3, t.email());
                ticket.setString(4, toJson(t.fields()));
                ticket.setString(5, t.source().name().toLowerCase(Locale.ROOT));
                ticket.setLong(6, t.createdAt().toEpochMilli());
                ticket.setString(7, importId);
                if (ticket.executeUpdate() == 0) {
                    continue;
                }
                code.setBytes(1, it.code().serial());
                code.setString(2, t.id());
                code.setBytes(3, it.code().signature());
                code.setLong(4, t.createdAt().toEpochMilli());
                code.executeUpdate();
                inserted.add(it);
            }
        }
        return inserted;
    }

    public void insertCode(Connection c, String ticketId, TicketCode code, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO ticket_codes (serial, ticket_id, signature, issued_at) VALUES (?, ?, ?, ?)
                """)) {
            ps.setBytes(1, code.serial());
            ps.setString(2, ticketId);
            ps.setBytes(3, code.signature());
            ps.setLong(4, at.toEpochMilli());
            ps.executeUpdate();
        }
    }

    /** Marks the ticket's current code revoked; returns false when it had none. */
    public boolean revokeActiveCode(Connection c, String ticketId, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE ticket_codes SET revoked_at = ? WHERE ticket_id = ? AND revoked_at IS NULL
                """)) {
            ps.setLong(1, at.toEpochMilli());
            ps.setString(2, ticketId);
            return ps.executeUpdate() > 0;
        }
    }

    public void cancel(Connection c, String ticketId, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE tickets SET cancelled_at = ? WHERE id = ?")) {
            ps.setLong(1, at.toEpochMilli());
            ps.setString(2, ticketId);
            ps.executeUpdate();
        }
    }

    public Optional<CodeLookup> lookup(Connection c, byte[] serial) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT t.id, t.name, k.signature, k.revoked_at, t.cancelled_at
                FROM ticket_codes k JOIN tickets t ON t.id = k.ticket_id
                WHERE k.serial = ?
                """)) {
            ps.setBytes(1, serial);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new CodeLookup(rs.getString("id"), rs.getString("name"), rs.getBytes("signature"),
                        Rows.nullableLong(rs, "revoked_at") != null, Rows.nullableLong(rs, "cancelled_at") != null));
            }
        }
    }

    /** Tickets that are not cancelled. */
    public long countActive(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) AS n FROM tickets WHERE cancelled_at IS NULL");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong("n") : 0;
        }
    }

    /** True once any ticket was ever issued here (cancelled ones included). */
    public boolean any(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM tickets) AS issued");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getBoolean("issued");
        }
    }

    public Optional<Ticket> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_TICKET + " WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(ticket(rs)) : Optional.empty();
            }
        }
    }

    /** {@code email} as stored: trimmed, lower case. */
    public Optional<Ticket> findByEmail(Connection c, String email) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_TICKET + " WHERE email = ?")) {
            ps.setString(1, email);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(ticket(rs)) : Optional.empty();
            }
        }
    }

    public Optional<TicketCode> activeCode(Connection c, String ticketId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT serial, signature FROM ticket_codes WHERE ticket_id = ? AND revoked_at IS NULL
                """)) {
            ps.setString(1, ticketId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new TicketCode(rs.getBytes("serial"), rs.getBytes("signature"))) : Optional.empty();
            }
        }
    }

    /** Tickets whose name or email contains {@code text}, case-insensitively; at most {@code limit}. */
    public List<Ticket> search(Connection c, String text, int limit) throws SQLException {
        String pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        try (PreparedStatement ps = c.prepareStatement(SELECT_TICKET + """
                 WHERE (name LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\')
                ORDER BY cancelled_at IS NOT NULL, name COLLATE NOCASE LIMIT ?
                """)) {
            ps.setString(1, pattern);
            ps.setString(2, pattern);
            ps.setInt(3, limit);
            List<Ticket> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(ticket(rs));
                }
            }
            return found;
        }
    }

    private static final String SELECT_TICKET =
            "SELECT id, name, email, fields, source, created_at, cancelled_at FROM tickets";

    private Ticket ticket(ResultSet rs) throws SQLException {
        return new Ticket(rs.getString("id"), rs.getString("name"), rs.getString("email"), fromJson(rs.getString("fields")),
                Ticket.Source.valueOf(rs.getString("source").toUpperCase(Locale.ROOT)),
                Instant.ofEpochMilli(rs.getLong("created_at")), Rows.instant(rs, "cancelled_at"));
    }

    private String toJson(Map<String, String> fields) {
        try {
            return json.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
    }

    private Map<String, String> fromJson(String text) {
        try {
            return json.readValue(text, FIELDS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("attendee fields in the database are not JSON: " + text, e);
        }
    }
}
