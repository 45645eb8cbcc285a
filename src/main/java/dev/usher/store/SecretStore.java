package dev.usher.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Secrets every node of one event must hold the same of (the event key, the admin token), kept in
 * the shared PostgreSQL database instead of each node's data folder. The first node to start makes
 * them; a node starting at the same moment keeps what the first one stored.
 */
public final class SecretStore {

    public Optional<byte[]> find(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM secrets WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        }
    }

    /** Stores {@code value} unless the secret is already there; returns what is stored after. */
    public byte[] keep(Connection c, String name, byte[] value, long atMillis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO secrets (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
            ps.setString(1, name);
            ps.setBytes(2, value);
            ps.setLong(3, atMillis);
            ps.executeUpdate();
        }
        return find(c, name).orElseThrow();
    }
}
