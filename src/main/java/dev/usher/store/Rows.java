package dev.usher.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Reading nullable columns by name: JDBC answers 0 for a NULL number unless asked afterwards. */
public final class Rows {
    private Rows() {
    }

    /** The column as a Long, or null when it is NULL. */
    public static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /** An epoch-millisecond column as an Instant, or null when it is NULL. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Long millis = nullableLong(rs, column);
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
