package dev.usher.event;

import dev.usher.store.Topic;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** SQL for the stored event. Every method runs on the connection it is given. */
public final class EventStore {

    /** The stored event file (JSON), or null when this folder has none yet. */
    public String load(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT definition FROM event WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString("definition") : null;
        }
    }

    public void save(Connection c, String definition, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO event (id, definition, updated_at) VALUES (1, ?, ?)
                ON CONFLICT (id) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at
                """)) {
            ps.setString(1, definition);
            ps.setLong(2, at.toEpochMilli());
            ps.executeUpdate();
        }
        Topic.EVENT.announce(c, null);
    }

    /** Check-ins that stand (not annulled), per list id. */
    public Map<String, Long> checkInsPerList(Connection c) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT list_id, COUNT(*) AS n FROM checkins WHERE annulled_at IS NULL GROUP BY list_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString("list_id"), rs.getLong("n"));
            }
        }
        return counts;
    }

    /** True once a ticket was issued: then the folder was in use before it kept its event. */
    public boolean inUse(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM tickets) AS used");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getBoolean("used");
        }
    }
}
