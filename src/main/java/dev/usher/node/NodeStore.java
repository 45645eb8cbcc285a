package dev.usher.node;

import dev.usher.store.Topic;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The {@code nodes} table: the address each of the event's nodes answers at, and when it last said so. */
public final class NodeStore {

    /** This node answers at {@code url}: its row is written, or its time renewed; the other nodes hear of it. */
    public void register(Connection c, String url, long atMillis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO nodes (url, seen_at) VALUES (?, ?) ON CONFLICT (url) DO UPDATE SET seen_at = excluded.seen_at")) {
            ps.setString(1, url);
            ps.setLong(2, atMillis);
            ps.executeUpdate();
        }
        Topic.NODES.announce(c, url);
    }

    /** The addresses of the nodes that registered at {@code sinceMillis} or later, in address order. */
    public List<String> seenSince(Connection c, long sinceMillis) throws SQLException {
        List<String> urls = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT url FROM nodes WHERE seen_at >= ? ORDER BY url")) {
            ps.setLong(1, sinceMillis);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    urls.add(rs.getString(1));
                }
            }
        }
        return urls;
    }
}
