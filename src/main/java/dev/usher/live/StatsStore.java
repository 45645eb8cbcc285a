package dev.usher.live;

import dev.usher.auth.Role;
import dev.usher.store.Rows;

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
             ResultSet rs = s.executeQuery("SELECT count(*) AS registered FROM tickets WHERE cancelled_at IS NULL")) {
            rs.next();
            return rs.getInt("registered");
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
                            count(DISTINCT CASE WHEN type = 'entry' THEN ticket_id END) AS checked_in,
                            sum(CASE WHEN type = 'entry' THEN 1 ELSE 0 END) AS entries,
                            sum(CASE WHEN type = 'exit' THEN 1 ELSE 0 END) AS exits
                     FROM checkins WHERE annulled_at IS NULL GROUP BY list_id
                     """)) {
            while (rs.next()) {
                rows.put(rs.getString("list_id"), new ListRow(rs.getInt("checked_in"), rs.getInt("entries"), rs.getInt("exits")));
            }
        }
        return rows;
    }

    /** Per device that holds a token or has scanned: scans, admitted, refused, last scan or sighting. */
    public List<Stats.DeviceCount> devices(Connection c) throws SQLException {
        Map<String, Stats.DeviceCount> byId = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, name, last_seen_at, revoked_at IS NOT NULL AS revoked FROM devices
                WHERE role = ? ORDER BY created_at
                """)) {
            ps.setString(1, Role.KIOSK.wire());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString("id");
                    byId.put(id, new Stats.DeviceCount(id, rs.getString("name"), 0, 0, 0, Rows.instant(rs, "last_seen_at"),
                            rs.getBoolean("revoked")));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT device_id, max(device_name) AS name, count(*) AS scans,
                       sum(CASE WHEN reason IS NULL OR conflict = 1 THEN 1 ELSE 0 END) AS admitted,
                       max(at) AS last_at
                FROM scans GROUP BY device_id
                """);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString("device_id");
                Stats.DeviceCount known = byId.get(id);
                int scans = rs.getInt("scans");
                int ok = rs.getInt("admitted");
                Instant last = Instant.ofEpochMilli(rs.getLong("last_at"));
                if (known != null && known.lastSeen() != null && known.lastSeen().isAfter(last)) {
                    last = known.lastSeen();
                }
                byId.put(id, new Stats.DeviceCount(id, known == null ? rs.getString("name") : known.name(), scans, ok, scans - ok,
                        last, known != null && known.revoked()));
            }
        }
        return new ArrayList<>(byId.values());
    }

    public List<Snapshot.RecentScan> recentScans(Connection c, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT s.id, s.at, s.device_name, s.list_id, s.type, s.status, s.reason, s.ticket_id, t.name,
                       s.checkin_id, k.annulled_at IS NOT NULL AS annulled, s.device_id
                FROM scans s
                LEFT JOIN tickets t ON t.id = s.ticket_id
                LEFT JOIN checkins k ON k.id = s.checkin_id
                ORDER BY s.id DESC LIMIT ?
                """)) {
            ps.setInt(1, limit);
            List<Snapshot.RecentScan> scans = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    scans.add(new Snapshot.RecentScan(rs.getLong("id"), Instant.ofEpochMilli(rs.getLong("at")),
                            rs.getString("device_id"), rs.getString("device_name"), rs.getString("list_id"), rs.getString("type"),
                            rs.getString("status"), rs.getString("reason"), rs.getString("ticket_id"), rs.getString("name"),
                            Rows.nullableLong(rs, "checkin_id"), rs.getBoolean("annulled")));
                }
            }
            return scans;
        }
    }

    /** Offline scans flagged as conflicts, on every list. */
    public int conflicts(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) AS conflicts FROM scans WHERE conflict = 1")) {
            rs.next();
            return rs.getInt("conflicts");
        }
    }

    /** The latest conflicts, newest first, with the entry that stands for each. */
    public List<Snapshot.Conflict> recentConflicts(Connection c, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT s.id, coalesce(s.client_at, s.at) AS at, s.ticket_id, t.name, s.list_id, s.device_name, s.reason,
                       k.at AS first_at, k.device_name AS first_kiosk
                FROM scans s
                LEFT JOIN tickets t ON t.id = s.ticket_id
                LEFT JOIN checkins k ON k.id = s.checkin_id
                WHERE s.conflict = 1
                ORDER BY s.id DESC LIMIT ?
                """)) {
            ps.setInt(1, limit);
            List<Snapshot.Conflict> conflicts = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant firstAt = Rows.instant(rs, "first_at");
                    conflicts.add(new Snapshot.Conflict(rs.getLong("id"), Instant.ofEpochMilli(rs.getLong("at")), rs.getString("ticket_id"),
                            rs.getString("name"), rs.getString("list_id"), rs.getString("device_name"), rs.getString("reason"),
                            firstAt == null ? null : new Snapshot.FirstCheckin(firstAt, rs.getString("first_kiosk"))));
                }
            }
            return conflicts;
        }
    }

    /** Standing entries at one list, counted per minute of arrival. */
    public List<Snapshot.MinuteCount> entriesPerMinute(Connection c, String listId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT at / 60000 AS minute, count(*) AS entries FROM checkins
                WHERE list_id = ? AND type = 'entry' AND annulled_at IS NULL
                GROUP BY at / 60000 ORDER BY 1
                """)) {
            ps.setString(1, listId);
            List<Snapshot.MinuteCount> minutes = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    minutes.add(new Snapshot.MinuteCount(Instant.ofEpochMilli(rs.getLong("minute") * 60_000), rs.getInt("entries")));
                }
            }
            return minutes;
        }
    }
}
