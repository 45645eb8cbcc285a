package dev.usher.live;

import dev.usher.auth.Role;
import dev.usher.store.Dialect;
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

/**
 * SQL for the counts: always computed from the rows, never kept as counters that could drift
 * (a {@link Tally} adds up ranges of rows, each counted once).
 */
public final class StatsStore {
    private final Dialect dialect;

    public StatsStore(Dialect dialect) {
        this.dialect = dialect;
    }

    public int registered(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) AS registered FROM tickets WHERE cancelled_at IS NULL")) {
            rs.next();
            return rs.getInt("registered");
        }
    }

    /** Per list: tickets that entered (with a standing entry), standing entries, standing exits. */
    public record ListRow(int checkedIn, int entries, int exits) {
        ListRow plus(ListRow more) {
            return new ListRow(checkedIn + more.checkedIn, entries + more.entries, exits + more.exits);
        }
    }

    /** A device's scans: its name as it scanned, how many, how many admitted, the last one's time. */
    public record ScanRow(String name, int scans, int admitted, long lastAt) {
        ScanRow plus(ScanRow more) {
            return new ScanRow(name.compareTo(more.name) >= 0 ? name : more.name, scans + more.scans, admitted + more.admitted,
                    Math.max(lastAt, more.lastAt));
        }
    }

    /** The highest check-in id and scan id, and how many check-ins are annulled: where a {@link Tally} stands. */
    public record Marks(long lastCheckinId, long lastScanId, int annulled) {
    }

    public Marks marks(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT (SELECT coalesce(max(id), 0) FROM checkins) AS last_checkin,
                       (SELECT coalesce(max(id), 0) FROM scans) AS last_scan,
                       (SELECT count(*) FROM checkins WHERE annulled_at IS NOT NULL) AS annulled
                """)) {
            rs.next();
            return new Marks(rs.getLong("last_checkin"), rs.getLong("last_scan"), rs.getInt("annulled"));
        }
    }

    /**
     * The check-ins with ids in ({@code after}, {@code upTo}], per list. A ticket that entered has a
     * standing entry of round 0: only a ticket's latest check-in can be annulled, so its standing
     * ones are always rounds 0, 1, ... without a gap. That makes the count a sum, which adds up
     * across ranges of ids. (On PostgreSQL two nodes could annul an entry and record the exit after
     * it at the same instant, leaving a gap; there every ticket is counted: it reads all the rows each time.)
     */
    public Map<String, ListRow> lists(Connection c, long after, long upTo) throws SQLException {
        String checkedIn = dialect == Dialect.SQLITE
                ? "sum(CASE WHEN type = 'entry' AND round = 0 THEN 1 ELSE 0 END)"
                : "count(DISTINCT CASE WHEN type = 'entry' THEN ticket_id END)";
        Map<String, ListRow> rows = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT list_id, " + checkedIn + """
                 AS checked_in,
                       sum(CASE WHEN type = 'entry' THEN 1 ELSE 0 END) AS entries,
                       sum(CASE WHEN type = 'exit' THEN 1 ELSE 0 END) AS exits
                FROM checkins WHERE id > ? AND id <= ? AND annulled_at IS NULL GROUP BY list_id
                """)) {
            ps.setLong(1, after);
            ps.setLong(2, upTo);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString("list_id"), new ListRow(rs.getInt("checked_in"), rs.getInt("entries"), rs.getInt("exits")));
                }
            }
        }
        return rows;
    }

    /** The scans with ids in ({@code after}, {@code upTo}], per device. */
    public Map<String, ScanRow> scans(Connection c, long after, long upTo) throws SQLException {
        Map<String, ScanRow> rows = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT device_id, max(device_name) AS name, count(*) AS scans,
                       sum(CASE WHEN reason IS NULL OR conflict = 1 THEN 1 ELSE 0 END) AS admitted,
                       max(at) AS last_at
                FROM scans WHERE id > ? AND id <= ? GROUP BY device_id
                """)) {
            ps.setLong(1, after);
            ps.setLong(2, upTo);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString("device_id"), new ScanRow(rs.getString("name"), rs.getInt("scans"), rs.getInt("admitted"),
                            rs.getLong("last_at")));
                }
            }
        }
        return rows;
    }

    /** Standing entries at one list with ids in ({@code after}, {@code upTo}], per minute of arrival (epoch minutes). */
    public Map<Long, Integer> entriesPerMinute(Connection c, String listId, long after, long upTo) throws SQLException {
        Map<Long, Integer> minutes = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT at / 60000 AS minute, count(*) AS entries FROM checkins
                WHERE list_id = ? AND type = 'entry' AND annulled_at IS NULL AND id > ? AND id <= ?
                GROUP BY at / 60000
                """)) {
            ps.setString(1, listId);
            ps.setLong(2, after);
            ps.setLong(3, upTo);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    minutes.put(rs.getLong("minute"), rs.getInt("entries"));
                }
            }
        }
        return minutes;
    }

    /**
     * Per device that holds a token or has scanned: scans, admitted, refused, last scan or sighting;
     * {@code scanned} is every scan counted per device, in device id order.
     */
    public List<Stats.DeviceCount> devices(Connection c, Map<String, ScanRow> scanned) throws SQLException {
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
        scanned.forEach((id, row) -> {
            Stats.DeviceCount known = byId.get(id);
            Instant last = Instant.ofEpochMilli(row.lastAt());
            if (known != null && known.lastSeen() != null && known.lastSeen().isAfter(last)) {
                last = known.lastSeen();
            }
            byId.put(id, new Stats.DeviceCount(id, known == null ? row.name() : known.name(), row.scans(), row.admitted(),
                    row.scans() - row.admitted(), last, known != null && known.revoked()));
        });
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
}
