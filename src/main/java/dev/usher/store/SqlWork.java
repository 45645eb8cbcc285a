package dev.usher.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of work against one connection; the database decides the transaction around it. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
