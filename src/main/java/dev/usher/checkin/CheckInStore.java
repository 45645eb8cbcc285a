package dev.usher.checkin;

import dev.usher.store.Rows;
import dev.usher.ticket.CodeLookup;
import dev.usher.ticket.TicketStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** SQL for entries, exits and the scan audit. Every method runs on the connection it is given. */
public final class CheckInStore {

    /** The most recent standing (not annulled) entry or exit of a ticket on a list. */
    public record Latest(Recorded record, Direction direction, int round) {
    }

    /**
     * Which of a ticket's standing check-ins on a list is its latest: the last round, its exit after
     * its entry ('exit' sorts after 'entry'). The order of index checkins_once (V010), so no sort.
     */
    private static final String LATEST_FIRST = "ORDER BY round DESC, type DESC LIMIT 1";

    public Optional<Latest> latest(Connection c, String ticketId, String listId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, at, device_id, device_name, type, round FROM checkins
                WHERE ticket_id = ? AND list_id = ? AND annulled_at IS NULL
                """ + LATEST_FIRST)) {
            ps.setString(1, ticketId);
            ps.setString(2, listId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(latest(rs)) : Optional.empty();
            }
        }
    }

    /** A presented serial's ticket and, when it has one, its latest standing check-in on a list. */
    public record AtTheDoor(CodeLookup code, Optional<Latest> latest) {
    }

    /**
     * The code's row and the ticket's latest state on {@code listId} in one statement: the two reads
     * every scan makes inside the writer, which is the door's bottleneck.
     */
    public Optional<AtTheDoor> atTheDoor(Connection c, byte[] serial, String listId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT t.id AS ticket_id, t.name, k.signature, k.revoked_at, t.cancelled_at,
                       ch.id, ch.at, ch.device_id, ch.device_name, ch.type, ch.round
                FROM ticket_codes k JOIN tickets t ON t.id = k.ticket_id
                LEFT JOIN checkins ch ON ch.id = (
                    SELECT id FROM checkins WHERE ticket_id = t.id AND list_id = ? AND annulled_at IS NULL
                    """ + LATEST_FIRST + ") WHERE k.serial = ?")) {
            ps.setString(1, listId);
            ps.setBytes(2, serial);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Optional<Latest> latest = Rows.nullableLong(rs, "id") == null ? Optional.empty() : Optional.of(latest(rs));
                return Optional.of(new AtTheDoor(TicketStore.codeLookup(rs), latest));
            }
        }
    }

    public Recorded insert(Connection c, String ticketId, String listId, Direction direction, int round, Instant at,
                           Instant clientAt, String deviceId, String deviceName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO checkins (ticket_id, list_id, type, round, at, client_at, device_id, device_name)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                """)) {
            ps.setString(1, ticketId);
            ps.setString(2, listId);
            ps.setString(3, direction.wire());
            ps.setInt(4, round);
            ps.setLong(5, at.toEpochMilli());
            Rows.setNullableLong(ps, 6, clientAt == null ? null : clientAt.toEpochMilli());
            ps.setString(7, deviceId);
            ps.setString(8, deviceName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Recorded(rs.getLong("id"), at, deviceId, deviceName);
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
    public record Standing(long id, String ticketId, String listId, Direction direction, int round, boolean annulled) {
    }

    public Optional<Standing> standing(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, ticket_id, list_id, type, round, annulled_at IS NOT NULL AS annulled FROM checkins WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Standing(rs.getLong("id"), rs.getString("ticket_id"), rs.getString("list_id"), direction(rs),
                        rs.getInt("round"), rs.getBoolean("annulled")))
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

    /**
     * One row of the scan audit; {@code reason} is null for a scan that admitted or let out.
     * {@code at} is when the server decided, {@code clientAt} the device's scan time (if sent).
     */
    public record Scan(Instant at, Instant clientAt, String deviceId, String deviceName, String listId, Direction direction,
                       String codeHash, Reason reason, boolean conflict, String ticketId, Long checkinId, String nonce) {
        String status() {
            return conflict ? "conflict" : reason == null ? "ok" : "error";
        }
    }

    public void insertScan(Connection c, Scan s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO scans (at, device_id, device_name, list_id, type, code_hash, status, reason, ticket_id, checkin_id, nonce,
                                   conflict, client_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)) {
            ps.setLong(1, s.at().toEpochMilli());
            ps.setString(2, s.deviceId());
            ps.setString(3, s.deviceName());
            ps.setString(4, s.listId());
            ps.setString(5, s.direction().wire());
            ps.setString(6, s.codeHash());
            ps.setString(7, s.status());
            ps.setString(8, s.reason() == null ? null : s.reason().wire());
            ps.setString(9, s.ticketId());
            Rows.setNullableLong(ps, 10, s.checkinId());
            ps.setString(11, s.nonce());
            ps.setInt(12, s.conflict() ? 1 : 0);
            Rows.setNullableLong(ps, 13, s.clientAt() == null ? null : s.clientAt().toEpochMilli());
            ps.executeUpdate();
        }
    }

    public Optional<Scan> scanByNonce(Connection c, String deviceId, String nonce) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT at, client_at, device_id, device_name, list_id, type, code_hash, reason, conflict, ticket_id, checkin_id, nonce
                FROM scans WHERE device_id = ? AND nonce = ?
                """)) {
            ps.setString(1, deviceId);
            ps.setString(2, nonce);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String reason = rs.getString("reason");
                return Optional.of(new Scan(Instant.ofEpochMilli(rs.getLong("at")), Rows.instant(rs, "client_at"), rs.getString("device_id"),
                        rs.getString("device_name"), rs.getString("list_id"), direction(rs), rs.getString("code_hash"),
                        reason == null ? null : Reason.fromWire(reason).orElseThrow(), rs.getBoolean("conflict"),
                        rs.getString("ticket_id"), Rows.nullableLong(rs, "checkin_id"), rs.getString("nonce")));
            }
        }
    }

    private static Latest latest(ResultSet rs) throws SQLException {
        return new Latest(recorded(rs), direction(rs), rs.getInt("round"));
    }

    private static Recorded recorded(ResultSet rs) throws SQLException {
        return new Recorded(rs.getLong("id"), Instant.ofEpochMilli(rs.getLong("at")), rs.getString("device_id"), rs.getString("device_name"));
    }

    private static Direction direction(ResultSet rs) throws SQLException {
        return Direction.fromWire(rs.getString("type")).orElseThrow();
    }
}
