package dev.usher.hook;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The webhook outbox as tickets and check-ins see it: an event is queued inside the transaction
 * that made it, so a committed check-in always has its webhook on the way and a rolled-back one
 * never raises any.
 */
public interface HookEvents {
    void raise(Connection c, HookEvent event) throws SQLException;
}
