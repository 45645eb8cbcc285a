package dev.usher.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;

/**
 * What PostgreSQL's errors mean to an organizer starting Usher, in one line each, and which
 * errors only mean that a transaction lost a race to another and should run again.
 */
final class PostgresErrors {
    private PostgresErrors() {
    }

    /** Opens a pool, or says in one line why PostgreSQL cannot be used (nothing is written then). */
    static HikariDataSource connect(PostgresUrl url, HikariConfig config) {
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException(whyNot(url, e), e);
        }
    }

    static String whyNot(PostgresUrl url, Throwable e) {
        SQLException sql = find(e, SQLException.class);
        String state = sql == null ? "" : String.valueOf(sql.getSQLState());
        String at = "PostgreSQL at " + url.host() + ":" + url.port();
        if (find(e, UnknownHostException.class) != null) {
            return "cannot reach " + at + ": no such host (check the address in --db)";
        }
        if (find(e, ConnectException.class) != null || state.startsWith("08")) {
            return "cannot reach " + at + " (" + reason(e) + "): is it running, and are the host and port in --db right?";
        }
        return switch (state) {
            case "28P01" -> at + " refused the password of user " + url.user() + " (check the password in --db)";
            case "28000" -> at + " does not let user " + url.user() + " in: " + reason(e);
            case "3D000" -> at + " has no database " + url.database() + ": create it first (createdb -O " + url.user() + " "
                    + url.database() + ")";
            case "42501" -> "user " + url.user() + " may not create tables in " + url.where() + ": make it the database's owner";
            default -> "cannot use " + at + "/" + url.database() + ": " + reason(e);
        };
    }

    /** Serialization failure, deadlock, or a unique index deciding between two transactions: run it again. */
    static boolean lostARace(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                switch (s.getSQLState()) {
                    case "40001", "40P01", "23505" -> {
                        return true;
                    }
                    default -> {
                    }
                }
            }
        }
        return false;
    }

    private static String reason(Throwable e) {
        Throwable deepest = e;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        String m = deepest.getMessage() == null ? deepest.getClass().getSimpleName() : deepest.getMessage();
        return m.lines().findFirst().orElse(m).strip();
    }

    private static <X extends Throwable> X find(Throwable e, Class<X> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
