package dev.usher.checkin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;

/** SQL for entries, exits and the scan audit. Every method runs on the connection it is given. */
public final class CheckInStore {

    /** The most recent standing (not annulled) entry or exit of a ticket on a list. */
    public record Latest(Recorded record, String type, int round) {
    }

    public Optional<Latest> latest(Connection c, String ticketId, String listId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, at, device_id, device_name, type, round FROM checkins
                WHERE ticket_id = ? AND list_id = ? AND annulled_at IS NULL
                ORDER BY round DESC, type = 'exit' DESC LIMIT 1
                """)) {
            ps.setString(1, ticketId);
            ps.setString(2, listId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Latest(recorded(rs), rs.getString(5), rs.getInt(6)));
            }
        }
    }

    public Recorded insert(Connection c, String ticketId, String listId, String type, int round, Instant at,
                           Instant clientAt, String deviceId, String deviceName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO checkins (ticket_id, list_id, type, round, at, client_at, device_id, device_name)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                """)) {
            ps.setString(1, ticketId);
            ps.setString(2, listId);
            ps.setString(3, type);
            ps.setInt(4, round);
            ps.setLong(5, at.toEpochMilli());
            if (clientAt == null) {
                ps.setNull(6, Types.INTEGER);
            } else {
                ps.setLong(6, clientAt.toEpochMilli());
            }
            ps.setString(7, deviceId);
            ps.setString(8, deviceName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Recorded(rs.getLong(1), at, deviceId, deviceName);
            }
        }
    }

    public Optional<Recorded> find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, at, device_id, device_name FROM checkins WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(recorded(rs)) : Optional.empty();
            }
        }
    }

    /** A check-in as staff see it before annulling it. */
    public record Standing(long id, String ticketId, String listId, String type, int round, boolean annulled) {
    }

    public Optional<Standing> standing(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, ticket_id, list_id, type, round, annulled_at IS NOT NULL FROM checkins WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Standing(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getBoolean(6)))
                        : Optional.empty();
            }
        }
    }

    public void annul(Connection c, long id, Instant at, String by, String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE checkins SET annulled_at = ?, annulled_by = ?, annul_reason = ? WHERE id = ? AND annulled_at IS NULL")) {
            ps.setLong(1, at.toEpochMilli());
            ps.setString(2, by);
            ps.setString(3, reason);
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }

    /** One row of the scan audit. */
    public record Scan(Instant at, String deviceId, String deviceName, String listId, String type, String codeHash,
                       String status, String reason, String ticketId, Long checkinId, String nonce) {
    }

    public void insertScan(Connection c, Scan s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO scans (at, device_id, device_name, list_id, type, code_hash, status, reason, ticket_id, checkin_id, nonce)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)) {
            ps.setLong(1, s.at().toEpochMilli());
            ps.setString(2, s.deviceId());
            ps.setString(3, s.deviceName());
            ps.setString(4, s.listId());
            ps.setString(5, s.type());
            ps.setString(6, s.codeHash());
            ps.setString(7, s.status());
            ps.setString(8, s.reason());
            ps.setString(9, s.ticketId());
            if (s.checkinId() == null) {
                ps.setNull(10, Types.INTEGER);
            } else {
                ps.setLong(10, s.checkinId());
            }
            ps.setString(11, s.nonce());
            ps.executeUpdate();
        }
    }

    public Optional<Scan> scanByNonce(Connection c, String deviceId, String nonce) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT at, device_id, device_name, list_id, type, code_hash, status, reason, ticket_id, checkin_id, nonce
                FROM scans WHERE device_id = ? AND nonce = ?
                """)) {
            ps.setString(1, deviceId);
            ps.setString(2, nonce);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long checkin = rs.getLong(10);
                Long checkinId = rs.wasNull() ? null : checkin;
                return Optional.of(new Scan(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getString(9), checkinId, rs.getString(11)));
            }
        }
    }

    public void exportRows(Connection c, java.util.function.Consumer<ArrivalsExport.Row> sink) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT k.id, k.ticket_id, t.name, t.email, k.list_id, k.type, k.at, k.device_name, k.annulled_at, k.annulled_by
                FROM checkins k JOIN tickets t ON t.id = k.ticket_id ORDER BY k.id
                """);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long annulled = rs.getLong(9);
                Instant annulledAt = rs.wasNull() ? null : Instant.ofEpochMilli(annulled);
                sink.accept(new ArrivalsExport.Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), Instant.ofEpochMilli(rs.getLong(7)), rs.getString(8),
                        annulledAt, rs.getString(10)));
            }
        }
    }

    private static Recorded recorded(ResultSet rs) throws SQLException {
        return new Recorded(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getString(4));
    }
}
