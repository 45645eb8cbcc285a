package dev.usher.offline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** SQL for the offline list: which tickets changed after a cursor, and their door state now. */
public final class OfflineStore {

    /** One code of a changed ticket. */
    record Code(byte[] serial, boolean revoked) {
    }

    /** A changed ticket as it stands: {@code seq} is its latest change in the page, {@code inside} its lists. */
    record Changed(long seq, String ticketId, String name, boolean cancelled, List<Code> codes, List<String> inside) {
    }

    /**
     * The tickets named by the next {@code limit} changes after {@code after}, as they stand now,
     * in the order of their latest change in that range ({@code seq}: the last one is the cursor).
     */
    List<Changed> changedAfter(Connection c, long after, int limit) throws SQLException {
        Map<String, Changed> byTicket = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                WITH page AS (SELECT seq, ticket_id FROM offline_changes WHERE seq > ? ORDER BY seq LIMIT ?)
                SELECT max(p.seq) AS seq, t.id, t.name, t.cancelled_at IS NOT NULL AS cancelled
                FROM page p JOIN tickets t ON t.id = p.ticket_id
                GROUP BY t.id, t.name, t.cancelled_at ORDER BY 1
                """)) {
            ps.setLong(1, after);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byTicket.put(rs.getString("id"), new Changed(rs.getLong("seq"), rs.getString("id"), rs.getString("name"),
                            rs.getBoolean("cancelled"), new ArrayList<>(), new ArrayList<>()));
                }
            }
        }
        if (byTicket.isEmpty()) {
            return List.of();
        }
        long last = byTicket.values().stream().mapToLong(Changed::seq).max().orElseThrow();
        // Current codes through ticket_codes_active, replaced ones through ticket_codes_revoked.
        try (PreparedStatement ps = c.prepareStatement("""
                WITH ids AS (SELECT DISTINCT ticket_id FROM offline_changes WHERE seq > ? AND seq <= ?)
                SELECT k.ticket_id, k.serial, 0 AS revoked
                FROM ids JOIN ticket_codes k ON k.ticket_id = ids.ticket_id AND k.revoked_at IS NULL
                UNION ALL
                SELECT k.ticket_id, k.serial, 1 AS revoked
                FROM ids JOIN ticket_codes k ON k.ticket_id = ids.ticket_id AND k.revoked_at IS NOT NULL
                """)) {
            ps.setLong(1, after);
            ps.setLong(2, last);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byTicket.get(rs.getString("ticket_id")).codes().add(new Code(rs.getBytes("serial"), rs.getBoolean("revoked")));
                }
            }
        }
        // Inside = the latest standing visit on the list is an entry with no exit of its round.
        try (PreparedStatement ps = c.prepareStatement("""
                WITH ids AS (SELECT DISTINCT ticket_id FROM offline_changes WHERE seq > ? AND seq <= ?)
                SELECT k.ticket_id, k.list_id
                FROM ids JOIN checkins k ON k.ticket_id = ids.ticket_id AND k.annulled_at IS NULL
                GROUP BY k.ticket_id, k.list_id
                HAVING max(CASE WHEN k.type = 'entry' THEN k.round END) > coalesce(max(CASE WHEN k.type = 'exit' THEN k.round END), -1)
                ORDER BY k.ticket_id, k.list_id
                """)) {
            ps.setLong(1, after);
            ps.setLong(2, last);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byTicket.get(rs.getString("ticket_id")).inside().add(rs.getString("list_id"));
                }
            }
        }
        return List.copyOf(byTicket.values());
    }

    /** The newest change number, or 0 when nothing has changed yet. */
    long latest(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(seq), 0) AS seq FROM offline_changes");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong("seq");
        }
    }
}
