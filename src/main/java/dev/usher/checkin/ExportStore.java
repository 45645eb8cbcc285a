package dev.usher.checkin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.store.Dialect;
import dev.usher.store.Rows;
import dev.usher.ticket.TicketCode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SQL for the two spreadsheets. Both are read a page at a time (by id, each page one read
 * transaction), so an export of 100,000 tickets neither sits in memory nor holds a reader open
 * while a slow download drains.
 */
final class ExportStore {
    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {
    };

    private final ObjectMapper json;
    private final Dialect dialect;

    ExportStore(ObjectMapper json, Dialect dialect) {
        this.json = json;
        this.dialect = dialect;
    }

    /** Every attendee field name in use, in the order they first appear. */
    List<String> fieldNames(Connection c) throws SQLException {
        // The one JSON function each database names its own way: a table of an object's keys.
        String keys = dialect == Dialect.SQLITE ? "json_each(t.fields) f" : "json_object_keys(t.fields::json) f (key)";
        try (PreparedStatement ps = c.prepareStatement("SELECT f.key FROM tickets t, " + keys
                + " GROUP BY f.key ORDER BY MIN(t.rowid), f.key");
             ResultSet rs = ps.executeQuery()) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }

    /** An entry or exit with its attendee. */
    record Arrival(long id, String ticketId, String name, String email, Map<String, String> fields, String listId,
                   String type, Instant at, String deviceName, Instant annulledAt, String annulledBy, String annulReason) {
    }

    /** Up to {@code limit} check-ins after {@code afterId}, by id. */
    List<Arrival> arrivals(Connection c, long afterId, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT k.id, k.ticket_id, t.name, t.email, t.fields, k.list_id, k.type, k.at, k.device_name,
                       k.annulled_at, k.annulled_by, k.annul_reason
                FROM checkins k JOIN tickets t ON t.id = k.ticket_id
                WHERE k.id > ? ORDER BY k.id LIMIT ?
                """)) {
            ps.setLong(1, afterId);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<Arrival> page = new ArrayList<>();
                while (rs.next()) {
                    page.add(new Arrival(rs.getLong("id"), rs.getString("ticket_id"), rs.getString("name"), rs.getString("email"),
                            fields(rs.getString("fields")), rs.getString("list_id"), rs.getString("type"),
                            Instant.ofEpochMilli(rs.getLong("at")), rs.getString("device_name"), Rows.instant(rs, "annulled_at"),
                            rs.getString("annulled_by"), rs.getString("annul_reason")));
                }
                return page;
            }
        }
    }

    /**
     * An attendee with the ticket's current code (null when it has none) and the first standing
     * entry per check-in list id.
     */
    record Attendee(long seq, String ticketId, String name, String email, Map<String, String> fields, TicketCode code,
                    Instant registeredAt, Instant cancelledAt, Map<String, Instant> firstArrivals) {
    }

    /** Up to {@code limit} tickets after row {@code afterSeq}, in the order they were created. */
    List<Attendee> attendees(Connection c, long afterSeq, int limit) throws SQLException {
        List<Attendee> page = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT t.rowid AS seq, t.id, t.name, t.email, t.fields, t.created_at, t.cancelled_at, k.serial, k.signature
                FROM tickets t LEFT JOIN ticket_codes k ON k.ticket_id = t.id AND k.revoked_at IS NULL
                WHERE t.rowid > ? ORDER BY t.rowid LIMIT ?
                """)) {
            ps.setLong(1, afterSeq);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] serial = rs.getBytes("serial");
                    page.add(new Attendee(rs.getLong("seq"), rs.getString("id"), rs.getString("name"), rs.getString("email"),
                            fields(rs.getString("fields")), serial == null ? null : new TicketCode(serial, rs.getBytes("signature")),
                            Instant.ofEpochMilli(rs.getLong("created_at")), Rows.instant(rs, "cancelled_at"), new HashMap<>()));
                }
            }
        }
        if (page.isEmpty()) {
            return page;
        }
        Map<String, Map<String, Instant>> byTicket = new HashMap<>();
        page.forEach(a -> byTicket.put(a.ticketId(), a.firstArrivals()));
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT k.ticket_id, k.list_id, MIN(k.at) AS first_at FROM checkins k
                WHERE k.type = 'entry' AND k.annulled_at IS NULL
                  AND k.ticket_id IN (SELECT id FROM tickets WHERE rowid > ? AND rowid <= ?)
                GROUP BY k.ticket_id, k.list_id
                """)) {
            ps.setLong(1, afterSeq);
            ps.setLong(2, page.get(page.size() - 1).seq());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Instant> first = byTicket.get(rs.getString("ticket_id"));
                    if (first != null) {
                        first.put(rs.getString("list_id"), Instant.ofEpochMilli(rs.getLong("first_at")));
                    }
                }
            }
        }
        return page;
    }

    private Map<String, String> fields(String text) {
        try {
            return json.readValue(text, FIELDS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("attendee fields in the database are not JSON: " + text, e);
        }
    }
}
