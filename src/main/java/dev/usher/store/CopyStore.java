package dev.usher.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Copies every row of Usher's tables from one database to another of the same schema version,
 * either dialect to either: the SQL of {@code migrate --from --to}. Tables are taken in foreign-key
 * order; ids are copied as they are (tickets' ids are in every code's URL, check-in ids in webhooks,
 * change ids in every kiosk's sync cursor), and PostgreSQL's identity counters are moved past them.
 */
public final class CopyStore {
    /** Flyway's own bookkeeping: each database keeps the history of its own dialect's files. */
    private static final String HISTORY = "flyway_schema_history";
    /** Where the nodes of one deployment answer: the nodes on the target register themselves when they start. */
    private static final String NODES = "nodes";
    /**
     * Filled by triggers when codes and check-ins are inserted: copying those tables writes rows
     * here, which are cleared before the source's own rows (same ids) are copied in, last.
     */
    private static final String TRIGGER_FILLED = "offline_changes";
    private static final int BATCH = 1_000;

    private final Dialect target;

    public CopyStore(Dialect target) {
        this.target = target;
    }

    /** Usher's tables in the order rows can be inserted: every table after the tables it refers to. */
    public List<String> tables(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        Map<String, Set<String>> refersTo = new LinkedHashMap<>();
        try (ResultSet rs = meta.getTables(null, schema(c), "%", new String[]{"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                if (!name.equals(HISTORY) && !name.equals(NODES) && !name.startsWith("sqlite_")) {
                    refersTo.put(name, new LinkedHashSet<>());
                }
            }
        }
        for (String table : refersTo.keySet()) {
            try (ResultSet rs = meta.getImportedKeys(null, schema(c), table)) {
                while (rs.next()) {
                    String parent = rs.getString("PKTABLE_NAME").toLowerCase(Locale.ROOT);
                    if (!parent.equals(table) && refersTo.containsKey(parent)) {
                        refersTo.get(table).add(parent);
                    }
                }
            }
        }
        List<String> ordered = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        while (placed.size() < refersTo.size()) {
            boolean progress = false;
            for (Map.Entry<String, Set<String>> e : refersTo.entrySet()) {
                if (!placed.contains(e.getKey()) && !e.getKey().equals(TRIGGER_FILLED) && placed.containsAll(e.getValue())) {
                    placed.add(e.getKey());
                    ordered.add(e.getKey());
                    progress = true;
                }
            }
            if (!progress) {
                break;
            }
        }
        if (refersTo.containsKey(TRIGGER_FILLED)) {
            placed.add(TRIGGER_FILLED);
            ordered.add(TRIGGER_FILLED);
        }
        if (placed.size() < refersTo.size()) {
            throw new SQLException("the tables' foreign keys form a cycle: " + refersTo);
        }
        return ordered;
    }

    public long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + quoted(table))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Copies all of {@code table}'s rows from {@code from} into {@code to}; returns how many. */
    public long copy(Connection from, Connection to, String table) throws SQLException {
        if (table.equals(TRIGGER_FILLED)) {
            try (Statement s = to.createStatement()) {
                s.executeUpdate("DELETE FROM " + quoted(table));
            }
        }
        Map<String, String> targetTypes = columnTypes(to, table);
        List<String> columns = new ArrayList<>(columnTypes(from, table).keySet());
        columns.retainAll(targetTypes.keySet());
        if (columns.isEmpty()) {
            return 0;
        }
        StringBuilder insert = new StringBuilder("INSERT INTO ").append(quoted(table)).append(" (");
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            insert.append(i == 0 ? "" : ", ").append(quoted(columns.get(i)));
            String type = targetTypes.get(columns.get(i));
            // PostgreSQL will not turn a text parameter into json by itself.
            values.append(i == 0 ? "" : ", ").append(type.startsWith("json") ? "CAST(? AS " + type + ")" : "?");
        }
        // Ids are copied as they are, also into PostgreSQL's GENERATED ALWAYS identities.
        insert.append(target == Dialect.POSTGRESQL ? ") OVERRIDING SYSTEM VALUE VALUES (" : ") VALUES (").append(values).append(")");
        Map<String, String> sourceTypes = columnTypes(from, table);
        // PostgreSQL keeps SQLite's insertion order (rowid) in a column of that name: copy in that order,
        // so a SQLite target numbers its rowids the same way.
        String select = "SELECT " + String.join(", ", columns.stream().map(CopyStore::quoted).toList()) + " FROM " + quoted(table)
                + (sourceTypes.containsKey("rowid") ? " ORDER BY rowid" : "");
        long copied = 0;
        try (Statement s = from.createStatement(); ResultSet rs = s.executeQuery(select);
             PreparedStatement ps = to.prepareStatement(insert.toString())) {
            s.setFetchSize(BATCH);
            while (rs.next()) {
                for (int i = 0; i < columns.size(); i++) {
                    Object value = rs.getObject(i + 1);
                    ps.setObject(i + 1, value instanceof Boolean b ? (b ? 1 : 0) : value);
                }
                ps.addBatch();
                if (++copied % BATCH == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
        if (target == Dialect.POSTGRESQL) {
            for (String column : List.of("id", "rowid")) {
                if (targetTypes.containsKey(column)) {
                    moveIdentityPast(to, table, column);
                }
            }
        }
        return copied;
    }

    /** After rows came in with their own ids, the next id PostgreSQL makes must be past them. */
    private static void moveIdentityPast(Connection c, String table, String column) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_get_serial_sequence(?, ?)")) {
            ps.setString(1, table);
            ps.setString(2, column);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) {
                    return;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT setval(pg_get_serial_sequence(?, ?), COALESCE(MAX(" + quoted(column)
                + "), 0) + 1, false) FROM " + quoted(table))) {
            ps.setString(1, table);
            ps.setString(2, column);
            ps.execute();
        }
    }

    private static Map<String, String> columnTypes(Connection c, String table) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (ResultSet rs = c.getMetaData().getColumns(null, schema(c), table, "%")) {
            while (rs.next()) {
                types.put(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT), rs.getString("TYPE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return types;
    }

    /** PostgreSQL's tables are in the connection's schema (public unless the URL says otherwise); SQLite has none. */
    private static String schema(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres") ? c.getSchema() : null;
    }

    private static String quoted(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** Row counts of every table, for the check after a copy. */
    public Map<String, Long> counts(Connection c, List<String> tables) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        for (String t : tables) {
            counts.put(t, count(c, t));
        }
        return counts;
    }
}
