package dev.usher.hook;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The webhook outbox as tickets and check-ins see it: an event is queued inside the transaction
 * that made it, so a committed check-in always has its webhook on the way and a rolled-back one
 * never raises any.
 */
public interface HookEvents {
    /** Builds and queues the event only when an endpoint wants {@code type}: a door without webhooks pays nothing. */
    void raise(Connection c, HookType type, Payload event) throws SQLException;

    /** The event, built on demand (it may read the attendee's name). */
    @FunctionalInterface
    interface Payload {
        HookEvent build() throws SQLException;
    }
}
