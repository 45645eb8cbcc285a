package dev.usher.device;

import dev.usher.auth.Role;
import dev.usher.store.Rows;

import dev.usher.store.Topic;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for devices that hold tokens. */
public final class DeviceStore {
    private static final String SELECT = "SELECT id, name, role, created_at, revoked_at, last_seen_at FROM devices";

    public void insert(Connection c, Device d, byte[] tokenHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO devices (id, name, role, token_hash, created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, d.id());
            ps.setString(2, d.name());
            ps.setString(3, d.role().wire());
            ps.setBytes(4, tokenHash);
            ps.setLong(5, d.createdAt().toEpochMilli());
            ps.executeUpdate();
        }
    }

    public List<Device> list(Connection c, Role role) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE role = ? ORDER BY created_at")) {
            ps.setString(1, role.wire());
            List<Device> all = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    all.add(device(rs));
                }
            }
            return all;
        }
    }

    /** The live (not revoked) device holding this token hash. */
    public Optional<Device> byTokenHash(Connection c, byte[] hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE token_hash = ? AND revoked_at IS NULL")) {
            ps.setBytes(1, hash);
            return first(ps);
        }
    }

    public boolean revoke(Connection c, String id, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
            ps.setLong(1, at.toEpochMilli());
            ps.setString(2, id);
            boolean revoked = ps.executeUpdate() > 0;
            if (revoked) {
                // Other nodes keep live tokens in memory too: they drop this one when this commits.
                Topic.DEVICES.announce(c, id);
            }
            return revoked;
        }
    }

    public Optional<Device> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE id = ?")) {
            ps.setString(1, id);
            return first(ps);
        }
    }

    public void touch(Connection c, String id, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE devices SET last_seen_at = ? WHERE id = ?")) {
            ps.setLong(1, at.toEpochMilli());
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    private static Optional<Device> first(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(device(rs)) : Optional.empty();
        }
    }

    private static Device device(ResultSet rs) throws SQLException {
        return new Device(rs.getString("id"), rs.getString("name"), Role.fromWire(rs.getString("role")),
                Instant.ofEpochMilli(rs.getLong("created_at")), Rows.instant(rs, "revoked_at"), Rows.instant(rs, "last_seen_at"));
    }
}
