package dev.usher.hook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.store.Dialect;
import dev.usher.store.Rows;
import dev.usher.store.Topic;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL for webhook endpoints, their outbox and its attempts. Every method runs on the connection it is given. */
final class WebhookStore {
    private static final String COLUMNS = "id, url, description, events, include_email, secret, previous_secret, previous_until,"
            + " created_at, disabled_at, disabled_reason";
    private final ObjectMapper json;
    private final Dialect dialect;

    WebhookStore(ObjectMapper json, Dialect dialect) {
        this.dialect = dialect;
        this.json = json;
    }

    /** A delivery as the sender needs it. */
    record Due(long id, String webhookId, String messageId, String body, int attempts, Instant createdAt) {
    }

    /** One attempt, as staff read it. */
    record Attempt(long id, Instant at, long deliveryId, String messageId, String type, int attempt, Integer status,
                   long latencyMs, String error, String state) {
    }

    void insert(Connection c, Webhook w) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO webhooks (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, w.id());
            ps.setString(2, w.url());
            ps.setString(3, w.description());
            ps.setString(4, write(w.events().stream().map(HookType::wire).toList()));
            ps.setInt(5, w.includeEmail() ? 1 : 0);
            ps.setString(6, w.secret());
            ps.setString(7, w.previousSecret());
            Rows.setNullableLong(ps, 8, w.previousUntil() == null ? null : w.previousUntil().toEpochMilli());
            ps.setLong(9, w.createdAt().toEpochMilli());
            Rows.setNullableLong(ps, 10, w.disabledAt() == null ? null : w.disabledAt().toEpochMilli());
            ps.setString(11, w.disabledReason());
            ps.executeUpdate();
        }
        changed(c);
    }

    /** Every node keeps the enabled endpoints in memory: the others reread them when this commits. */
    private static void changed(Connection c) throws SQLException {
        Topic.WEBHOOKS.announce(c, null);
    }

    List<Webhook> all(Connection c) throws SQLException {
        List<Webhook> hooks = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM webhooks ORDER BY created_at, id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                hooks.add(row(rs));
            }
        }
        return hooks;
    }

    Optional<Webhook> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM webhooks WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** @param at null to enable */
    boolean setDisabled(Connection c, String id, Instant at, String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE webhooks SET disabled_at = ?, disabled_reason = ? WHERE id = ?")) {
            Rows.setNullableLong(ps, 1, at == null ? null : at.toEpochMilli());
            ps.setString(2, at == null ? null : reason);
            ps.setString(3, id);
            changed(c);
            return ps.executeUpdate() == 1;
        }
    }

    void rotate(Connection c, String id, String secret, String previous, Instant previousUntil) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE webhooks SET secret = ?, previous_secret = ?, previous_until = ? WHERE id = ?")) {
            ps.setString(1, secret);
            ps.setString(2, previous);
            ps.setLong(3, previousUntil.toEpochMilli());
            ps.setString(4, id);
            ps.executeUpdate();
        }
        changed(c);
    }

    boolean delete(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM webhooks WHERE id = ?")) {
            ps.setString(1, id);
            changed(c);
            return ps.executeUpdate() == 1;
        }
    }

    void insertDelivery(Connection c, String webhookId, String messageId, HookType type, Instant at, String body) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO webhook_deliveries (webhook_id, message_id, type, created_at, body, state, next_at)
                VALUES (?, ?, ?, ?, ?, 'pending', ?)
                """)) {
            ps.setString(1, webhookId);
            ps.setString(2, messageId);
            ps.setString(3, type.wire());
            ps.setLong(4, at.toEpochMilli());
            ps.setString(5, body);
            ps.setLong(6, at.toEpochMilli());
            ps.executeUpdate();
        }
    }

    /** Pending deliveries of enabled endpoints that are due, oldest first: the order they are sent in. */
    List<Due> due(Connection c, Instant now, int limit) throws SQLException {
        List<Due> due = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT d.id, d.webhook_id, d.message_id, d.body, d.attempts, d.created_at
                FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
                WHERE d.state = 'pending' AND d.next_at <= ? AND w.disabled_at IS NULL
                ORDER BY d.id LIMIT ?
                """)) {
            ps.setLong(1, now.toEpochMilli());
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    due.add(new Due(rs.getLong("id"), rs.getString("webhook_id"), rs.getString("message_id"), rs.getString("body"),
                            rs.getInt("attempts"), Rows.instant(rs, "created_at")));
                }
            }
        }
        return due;
    }

    void recordAttempt(Connection c, Due d, Instant at, Integer status, long latencyMs, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO webhook_attempts (delivery_id, webhook_id, at, attempt, status, latency_ms, error)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)) {
            ps.setLong(1, d.id());
            ps.setString(2, d.webhookId());
            ps.setLong(3, at.toEpochMilli());
            ps.setInt(4, d.attempts() + 1);
            if (status == null) {
                ps.setNull(5, Types.INTEGER);
            } else {
                ps.setInt(5, status);
            }
            ps.setLong(6, latencyMs);
            ps.setString(7, error);
            ps.executeUpdate();
        }
    }

    /**
     * With several nodes on PostgreSQL: takes these due deliveries for this node until {@code until}
     * (their next attempt moves there), skipping rows another node is taking at this moment; what it
     * returns is what this node sends. A node that dies leaves them due again at {@code until}.
     */
    List<Due> claim(Connection c, List<Due> seen, Instant now, Instant until) throws SQLException {
        List<Due> taken = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id FROM webhook_deliveries WHERE id = ? AND state = 'pending' AND next_at <= ?
                """ + (dialect == Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : ""));
             PreparedStatement move = c.prepareStatement("UPDATE webhook_deliveries SET next_at = ? WHERE id = ?")) {
            for (Due d : seen) {
                ps.setLong(1, d.id());
                ps.setLong(2, now.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        continue;
                    }
                }
                move.setLong(1, until.toEpochMilli());
                move.setLong(2, d.id());
                move.executeUpdate();
                taken.add(d);
            }
        }
        return taken;
    }

    /** Deliveries this node took but did not settle: due again at {@code now}. */
    void release(Connection c, List<Long> ids, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_deliveries SET next_at = ? WHERE id = ? AND state = 'pending'")) {
            for (long id : ids) {
                ps.setLong(1, now.toEpochMilli());
                ps.setLong(2, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** @param state delivered, failed, or pending again at {@code nextAt} */
    void settle(Connection c, long id, int attempts, String state, Instant nextAt, Instant doneAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE webhook_deliveries SET attempts = ?, state = ?, next_at = ?, done_at = ? WHERE id = ?")) {
            ps.setInt(1, attempts);
            ps.setString(2, state);
            ps.setLong(3, nextAt.toEpochMilli());
            Rows.setNullableLong(ps, 4, doneAt == null ? null : doneAt.toEpochMilli());
            ps.setLong(5, id);
            ps.executeUpdate();
        }
    }

    /** The newest attempts at one endpoint, newest first. */
    List<Attempt> attempts(Connection c, String webhookId, int limit) throws SQLException {
        List<Attempt> list = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT a.id, a.at, a.delivery_id, d.message_id, d.type, a.attempt, a.status, a.latency_ms, a.error, d.state
                FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id
                WHERE a.webhook_id = ? ORDER BY a.id DESC LIMIT ?
                """)) {
            ps.setString(1, webhookId);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Long status = Rows.nullableLong(rs, "status");
                    list.add(new Attempt(rs.getLong("id"), Rows.instant(rs, "at"), rs.getLong("delivery_id"), rs.getString("message_id"),
                            rs.getString("type"), rs.getInt("attempt"), status == null ? null : status.intValue(),
                            rs.getLong("latency_ms"), rs.getString("error"), rs.getString("state")));
                }
            }
        }
        return list;
    }

    /** The attendee's email, for endpoints that opted in to it. */
    Optional<String> emailOf(Connection c, String ticketId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT email FROM tickets WHERE id = ?")) {
            ps.setString(1, ticketId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString("email")) : Optional.empty();
            }
        }
    }

    /** Deliveries still to go, per endpoint. */
    Map<String, Long> pending(Connection c) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT webhook_id, COUNT(*) AS n FROM webhook_deliveries WHERE state = 'pending' GROUP BY webhook_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString("webhook_id"), rs.getLong("n"));
            }
        }
        return counts;
    }

    private Webhook row(ResultSet rs) throws SQLException {
        List<String> wires = read(rs.getString("events"));
        List<HookType> events = wires.stream().map(HookType::fromWire).flatMap(Optional::stream).toList();
        return new Webhook(rs.getString("id"), rs.getString("url"), rs.getString("description"), events,
                rs.getBoolean("include_email"), rs.getString("secret"), rs.getString("previous_secret"),
                Rows.instant(rs, "previous_until"), Rows.instant(rs, "created_at"), Rows.instant(rs, "disabled_at"),
                rs.getString("disabled_reason"));
    }

    private String write(List<String> list) {
        try {
            return json.writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings always serializes", e);
        }
    }

    private List<String> read(String text) {
        try {
            return json.readValue(text, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("webhooks.events holds a JSON array", e);
        }
    }
}
