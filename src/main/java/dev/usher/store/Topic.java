package dev.usher.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What a node keeps in memory, or waits for, and must hear about when another node changes it:
 * which tokens are revoked, the event, the enabled webhooks, mail to send, the nodes' addresses. The store that writes the change announces it in the
 * same transaction, so it is heard only if it commits; on SQLite (one process) there is no one to tell.
 */
public enum Topic {
    DEVICES("devices"),
    EVENT("event"),
    WEBHOOKS("webhooks"),
    /** Mail was queued: every node's sender looks, and the claims decide who sends what. */
    MAIL("mail"),
    /** A node started, or renewed its address: the others add it to what they tell kiosks and let call them. */
    NODES("nodes");

    private final String wire;

    Topic(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Tells the other nodes, once {@code c}'s transaction commits, that this changed ({@code detail}: e.g. which device). */
    public void announce(Connection c, String detail) throws SQLException {
        PostgresDatabase.announce(c, this, detail);
    }

    static Topic fromWire(String wire) {
        for (Topic t : values()) {
            if (t.wire.equals(wire)) {
                return t;
            }
        }
        return null;
    }
}
