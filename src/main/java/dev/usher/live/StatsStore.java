package dev.usher.live;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** SQL for the counts: always computed from the rows, never kept as counters that could drift. */
public final class StatsStore {

    public int registered(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM tickets WHERE cancelled_at IS NULL")) {
            return rs.getInt(1);
        }
    }

    /** Per list: distinct tickets that entered, standing entries, standing exits. */
    public record ListRow(int checkedIn, int entries, int exits) {
    }

    public Map<String, ListRow> lists(Connection c) throws SQLException {
        Map<String, ListRow> rows = new HashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT list_id,
                            count(DISTINCT CASE WHEN type = 'entry' THEN ticket_id END),
                            sum(type = 'entry'), sum(type = 'exit')
                     FROM checkins WHERE annulled_at IS NULL GROUP BY list_id
                     """)) {
            while (rs.next()) {
                rows.put(rs.getString(1), new ListRow(rs.getInt(2), rs.getInt(3), rs.getInt(4)));
            }
        }
        return rows;
    }

    /** Per device that holds a token or has scanned: scans, admitted, refused, last scan or sighting. */
    public List<Stats.DeviceCount> devices(Connection c) throws SQLException {
        Map<String, Stats.DeviceCount> byId = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT d.id, d.name, d.last_seen_at, d.revoked_at IS NOT NULL FROM devices d
                     WHERE d.role = 'kiosk' ORDER BY d.created_at
                     """)) {
            while (rs.next()) {
                long seen = rs.getLong(3);
                Instant lastSeen = rs.wasNull() ? null : Instant.ofEpochMilli(seen);
                byId.put(rs.getString(1), new Stats.DeviceCount(rs.getString(1), rs.getString(2), 0, 0, 0, lastSeen, rs.getBoolean(4)));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT device_id, max(device_name), count(*), sum(status = 'ok'), max(at) FROM scans GROUP BY device_id
                """);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString(1);
                Stats.DeviceCount known = byId.get(id);
                int scans = rs.getInt(3);
                int ok = rs.getInt(4);
                Instant last = Instant.ofEpochMilli(rs.getLong(5));
                if (known != null && known.lastSeen() != null && known.lastSeen().isAfter(last)) {
                    last = known.lastSeen();
                }
                byId.put(id, new Stats.DeviceCount(id, known == null ? rs.getString(2) : known.name(), scans, ok, scans - ok,
                        last, known != null && known.revoked()));
            }
        }
        return new ArrayList<>(byId.values());
    }

    public List<Snapshot.RecentScan> recentScans(Connection c, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT s.id, s.at, s.device_name, s.list_id, s.type, s.status, s.reason, s.ticket_id, t.name,
                       s.checkin_id, k.annulled_at IS NOT NULL, s.device_id
                FROM scans s
                LEFT JOIN tickets t ON t.id = s.ticket_id
                LEFT JOIN checkins k ON k.id = s.checkin_id
                ORDER BY s.id DESC LIMIT ?
                """)) {
            ps.setInt(1, limit);
            List<Snapshot.RecentScan> scans = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long checkin = rs.getLong(10);
                    Long checkinId = rs.wasNull() ? null : checkin;
                    scans.add(new Snapshot.RecentScan(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(12), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            rs.getString(9), checkinId, rs.getBoolean(11)));
                }
            }
            return scans;
        }
    }

    /** Standing entries at one list, counted per minute of arrival. */
    public List<Snapshot.MinuteCount> entriesPerMinute(Connection c, String listId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT at / 60000, count(*) FROM checkins
                WHERE list_id = ? AND type = 'entry' AND annulled_at IS NULL
                GROUP BY at / 60000 ORDER BY 1
                """)) {
            ps.setString(1, listId);
            List<Snapshot.MinuteCount> minutes = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    minutes.add(new Snapshot.MinuteCount(Instant.ofEpochMilli(rs.getLong(1) * 60_000), rs.getInt(2)));
                }
            }
            return minutes;
        }
    }
}
