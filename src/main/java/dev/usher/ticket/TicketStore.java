package dev.usher.ticket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.store.Dialect;
import dev.usher.store.Rows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** SQL for tickets and their codes. Every method runs on the connection it is given. */
public final class TicketStore {
    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {
    };

    private final ObjectMapper json;
    private final Dialect dialect;

    public TicketStore(ObjectMapper json, Dialect dialect) {
        this.json = json;
        this.dialect = dialect;
    }

    /**
     * Inserts many tickets with their codes, each statement prepared once; a ticket whose email
     * already has one is left out. Returns the tickets that were inserted.
     */
    public List<IssuedTicket> insertNew(Connection c, List<IssuedTicket> all, String importId) throws SQLException {
        List<IssuedTicket> inserted = new ArrayList<>(all.size());
        List<Indexed> indexed = new ArrayList<>(all.size());
        try (PreparedStatement ticket = c.prepareStatement("""
                INSERT INTO tickets (id, name, email, fields, source, created_at, import_id, search_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (email) DO NOTHING
                """);
             PreparedStatement word = c.prepareStatement(INSERT_WORD);
             PreparedStatement code = c.prepareStatement("""
                INSERT INTO ticket_codes (serial, ticket_id, signature, issued_at) VALUES (?, ?, ?, ?)
                """)) {
            for (IssuedTicket it : all) {
                Ticket t = it.ticket();
                ticket.setString(1, t.id());
                ticket.setString(2, t.name());
                ticket.setString(3, t.email());
                ticket.setString(4, toJson(t.fields()));
                ticket.setString(5, t.source().name().toLowerCase(Locale.ROOT));
                ticket.setLong(6, t.createdAt().toEpochMilli());
                ticket.setString(7, importId);
                String searchKey = searchKey(t.name(), t.email());
                ticket.setString(8, searchKey);
                if (ticket.executeUpdate() == 0) {
                    continue;
                }
                indexed.add(new Indexed(t.id(), t.createdAt().toEpochMilli(), searchKey, false));
                code.setBytes(1, it.code().serial());
                code.setString(2, t.id());
                code.setBytes(3, it.code().signature());
                code.setLong(4, t.createdAt().toEpochMilli());
                code.executeUpdate();
                inserted.add(it);
            }
            insertWords(word, indexed);
        }
        return inserted;
    }

    public void insertCode(Connection c, String ticketId, TicketCode code, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO ticket_codes (serial, ticket_id, signature, issued_at) VALUES (?, ?, ?, ?)
                """)) {
            ps.setBytes(1, code.serial());
            ps.setString(2, ticketId);
            ps.setBytes(3, code.signature());
            ps.setLong(4, at.toEpochMilli());
            ps.executeUpdate();
        }
    }

    /** Marks the ticket's current code revoked; returns false when it had none. */
    public boolean revokeActiveCode(Connection c, String ticketId, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE ticket_codes SET revoked_at = ? WHERE ticket_id = ? AND revoked_at IS NULL
                """)) {
            ps.setLong(1, at.toEpochMilli());
            ps.setString(2, ticketId);
            return ps.executeUpdate() > 0;
        }
    }

    /** Cancels the ticket; its search words follow in the same transaction (cancelled ones rank last). */
    public void cancel(Connection c, String ticketId, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE tickets SET cancelled_at = ? WHERE id = ?")) {
            ps.setLong(1, at.toEpochMilli());
            ps.setString(2, ticketId);
            ps.executeUpdate();
        }
        String key;
        long createdAt;
        try (PreparedStatement ps = c.prepareStatement("SELECT search_key, created_at FROM tickets WHERE id = ?")) {
            ps.setString(1, ticketId);
            try (ResultSet rs = ps.executeQuery()) {
                // No key yet (a ticket from before V004 not indexed yet): its words are written cancelled.
                if (!rs.next() || (key = rs.getString("search_key")) == null) {
                    return;
                }
                createdAt = rs.getLong("created_at");
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE ticket_words SET cancelled = 1 WHERE word = ? AND created_at = ? AND ticket_id = ?")) {
            for (String w : Fold.words(key)) {
                ps.setString(1, w);
                ps.setLong(2, createdAt);
                ps.setString(3, ticketId);
                ps.executeUpdate();
            }
        }
    }

    public Optional<CodeLookup> lookup(Connection c, byte[] serial) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT t.id AS ticket_id, t.name, k.signature, k.revoked_at, t.cancelled_at
                FROM ticket_codes k JOIN tickets t ON t.id = k.ticket_id
                WHERE k.serial = ?
                """)) {
            ps.setBytes(1, serial);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(codeLookup(rs)) : Optional.empty();
            }
        }
    }

    /** A code's look-up from a row with its columns ticket_id, name, signature, revoked_at, cancelled_at (the door reads them with more). */
    public static CodeLookup codeLookup(ResultSet rs) throws SQLException {
        return new CodeLookup(rs.getString("ticket_id"), rs.getString("name"), rs.getBytes("signature"),
                Rows.nullableLong(rs, "revoked_at") != null, Rows.nullableLong(rs, "cancelled_at") != null);
    }

    /** Writes a new name and email (already checked); false when the email belongs to another ticket. */
    public boolean rename(Connection c, String ticketId, String name, String email) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE tickets SET name = ?, email = ? WHERE id = ?
                AND NOT EXISTS (SELECT 1 FROM tickets other WHERE other.email = ? AND other.id <> ?)
                """)) {
            ps.setString(1, name);
            ps.setString(2, email);
            ps.setString(3, ticketId);
            ps.setString(4, email);
            ps.setString(5, ticketId);
            return ps.executeUpdate() > 0;
        }
    }

    /** One line of the edit audit. */
    public void recordEdit(Connection c, String ticketId, Instant at, String byId, String byName, String field,
                           String oldValue, String newValue) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO ticket_edits (ticket_id, at, by_id, by_name, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?)
                """)) {
            ps.setString(1, ticketId);
            ps.setLong(2, at.toEpochMilli());
            ps.setString(3, byId);
            ps.setString(4, byName);
            ps.setString(5, field);
            ps.setString(6, oldValue);
            ps.setString(7, newValue);
            ps.executeUpdate();
        }
    }

    /** A ticket's edits, oldest first. */
    public List<Map<String, Object>> edits(Connection c, String ticketId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT at, by_name, field, old_value, new_value FROM ticket_edits WHERE ticket_id = ? ORDER BY at, id")) {
            ps.setString(1, ticketId);
            List<Map<String, Object>> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(Map.of("at", Instant.ofEpochMilli(rs.getLong("at")), "by", rs.getString("by_name"),
                            "field", rs.getString("field"), "from", rs.getString("old_value"), "to", rs.getString("new_value")));
                }
            }
            return found;
        }
    }

    /** Tickets that are not cancelled. */
    public long countActive(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) AS n FROM tickets WHERE cancelled_at IS NULL");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong("n") : 0;
        }
    }

    /** True once any ticket was ever issued here (cancelled ones included). */
    public boolean any(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM tickets) AS issued");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getBoolean("issued");
        }
    }

    public Optional<Ticket> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_TICKET + " WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(ticket(rs)) : Optional.empty();
            }
        }
    }

    /** {@code email} as stored: trimmed, lower case. */
    public Optional<Ticket> findByEmail(Connection c, String email) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_TICKET + " WHERE email = ?")) {
            ps.setString(1, email);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(ticket(rs)) : Optional.empty();
            }
        }
    }

    public Optional<TicketCode> activeCode(Connection c, String ticketId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT serial, signature FROM ticket_codes WHERE ticket_id = ? AND revoked_at IS NULL
                """)) {
            ps.setString(1, ticketId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new TicketCode(rs.getBytes("serial"), rs.getBytes("signature"))) : Optional.empty();
            }
        }
    }

    /**
     * Tickets with, for every query word, a word of their name or email that starts with it; at
     * most {@code limit}. The live ones first, then those whose name starts with the query as
     * typed ("renee dub"), then those with more query words matched whole, then name order.
     *
     * <p>The longest query word (likely the rarest) is a range on {@code ticket_words}' primary
     * key, and each entry there holds the rank's inputs (cancelled, the folded key): the other
     * words are checked on that key, the entries are ranked and cut short, and only those
     * tickets are read. A ticket with two words in the range ("mia" and "mia1") has two entries
     * of the same rank, side by side in that order: they are read once, and when they crowd the
     * cut the query runs again with a longer one (DISTINCT over the range cost 5 ms more). The cost follows the number of tickets that match the longest word
     * (a few hundred nanoseconds each, all on adjacent index pages), never the number of tickets.
     * (Intersecting one range per word cost more: "mia m" built a temporary B-tree of every
     * ticket with a word in "m"; reading each candidate's ticket row to rank it cost ~15 ms for
     * 2,000 candidates.) FTS5 is compiled into sqlite-jdbc and would do the same, but its
     * tokenizer folds differently from {@link Fold}, it adds a virtual table and its shadow
     * tables to every backup, and ranking by name needs the key anyway: a plain index table is
     * less to explain.
     *
     * @param words folded, distinct, not empty
     */
    public List<Ticket> search(Connection c, List<String> words, int limit) throws SQLException {
        String driver = words.stream().max(Comparator.comparingInt(String::length)).orElseThrow();
        // Folded text holds only letters, digits and single spaces, so it is safe inside LIKE.
        // A LIKE is a boolean in PostgreSQL and 0/1 in SQLite: CASE makes it a number in both, to add up.
        StringBuilder ranked = new StringBuilder(
                "SELECT ticket_id, cancelled, search_key, CASE WHEN search_key LIKE ? THEN 1 ELSE 0 END AS typed, ");
        for (int i = 0; i < words.size(); i++) {
            ranked.append(i == 0 ? "(" : " + ").append("CASE WHEN ' ' || search_key || ' ' LIKE ? THEN 1 ELSE 0 END");
        }
        ranked.append(") AS whole FROM ticket_words WHERE word >= ? AND word < ?");
        for (int i = 1; i < words.size(); i++) {
            ranked.append(" AND (' ' || search_key) LIKE ?");
        }
        ranked.append(" ORDER BY cancelled, typed DESC, whole DESC, search_key, ticket_id LIMIT ?");
        String sql = SELECT_TICKET + " JOIN (" + ranked + ") r ON r.ticket_id = tickets.id"
                + " ORDER BY r.cancelled, r.typed DESC, r.whole DESC, r.search_key, r.ticket_id";
        for (int entries = 4 * limit; ; entries *= 4) {
            List<Ticket> found = new ArrayList<>();
            int read = searchEntries(c, sql, words, driver, entries, found, limit);
            if (found.size() == limit || read < entries) {
                return found;
            }
        }
    }

    /** Runs the search cut at {@code entries} index entries; adds the distinct tickets to {@code found}; returns the rows read. */
    private int searchEntries(Connection c, String sql, List<String> words, String driver, int entries,
                              List<Ticket> found, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int p = 1;
            ps.setString(p++, String.join(" ", words) + "%");
            for (String w : words) {
                ps.setString(p++, "% " + w + " %");
            }
            ps.setString(p++, driver);
            ps.setString(p++, driver + PAST_EVERY_WORD);
            for (String w : words) {
                if (!w.equals(driver)) {
                    ps.setString(p++, "% " + w + "%");
                }
            }
            ps.setInt(p, entries);
            int read = 0;
            Set<String> seen = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    read++;
                    if (found.size() < limit && seen.add(rs.getString("id"))) {
                        found.add(ticket(rs));
                    }
                }
            }
            return read;
        }
    }

    /** A ticket of a listing page, with the key it sorted by (what the next page's cursor holds). */
    public record Listed(Ticket ticket, String sortKey) {
    }

    /** Up to {@code listing.limit() + 1} tickets in the listing's order, after its cursor. */
    public List<Listed> page(Connection c, Listing listing) throws SQLException {
        if (listing.sort() == Listing.Sort.ARRIVED) {
            return arrivedPage(c, listing);
        }
        List<Object> params = new ArrayList<>();
        String arrived = "EXISTS (SELECT 1 FROM checkins k WHERE k.list_id = ? AND k.ticket_id = t.id"
                + " AND k.type = 'entry' AND k.annulled_at IS NULL)";
        String sortKey = switch (listing.sort()) {
            case NAME -> "t.search_key";
            case REGISTERED -> "t.created_at";
            case ARRIVED -> throw new IllegalStateException("arrivedPage lists in arrival order");
        };
        String status = "1 = 1";
        if (listing.status() == Listing.Status.ARRIVED || listing.status() == Listing.Status.ABSENT) {
            params.add(listing.listId());
            status = listing.status() == Listing.Status.ARRIVED ? arrived : "t.cancelled_at IS NULL AND NOT " + arrived;
        } else if (listing.status() == Listing.Status.CANCELLED) {
            status = "t.cancelled_at IS NOT NULL";
        }
        String after = "";
        if (listing.after() != null) {
            after = " WHERE (sort_key, id) > (?, ?)";
            params.add(listing.sort() == Listing.Sort.NAME ? listing.after().key() : listing.after().number());
            params.add(listing.after().id());
        }
        params.add(listing.limit() + 1);
        // The sort key is named in an inner select so that the arrival order is worked out once a row.
        String sql = "SELECT * FROM (SELECT t.id, t.name, t.email, t.fields, t.source, t.created_at, t.cancelled_at, "
                + sortKey + " AS sort_key FROM tickets t WHERE " + status + ") listed" + after + " ORDER BY sort_key, id LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            List<Listed> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Listed(ticket(rs), rs.getString("sort_key")));
                }
            }
            return rows;
        }
    }

    /** The sort key of a ticket never checked in on the list: after every arrival. */
    private static final long NEVER_ARRIVED = Long.MAX_VALUE;

    /**
     * A page in arrival order without working out every ticket's arrival: first the tickets that
     * arrived, in order of their first standing entry (a range of {@code checkins_entries_by_time};
     * an entry counts when the ticket has no earlier standing one), then the tickets never
     * checked in there, in id order ({@link #NEVER_ARRIVED} is their key, as the cursor says).
     * Each part reads a page of index entries, plus those it steps over (re-entries; arrived
     * tickets, for the second), whatever the length of the list.
     */
    private List<Listed> arrivedPage(Connection c, Listing listing) throws SQLException {
        Listing.Status status = listing.status();
        String cancelled = status == Listing.Status.CANCELLED ? " AND t.cancelled_at IS NOT NULL"
                : status == Listing.Status.ABSENT ? " AND t.cancelled_at IS NULL" : "";
        long afterAt = listing.after() == null ? Long.MIN_VALUE : listing.after().number();
        String afterId = listing.after() == null ? "" : listing.after().id();
        List<Listed> rows = new ArrayList<>();
        if (afterAt != NEVER_ARRIVED && status != Listing.Status.ABSENT) {
            // SQLite is held to V009's index for this order; PostgreSQL has no INDEXED BY and plans it itself.
            String byTime = dialect == Dialect.SQLITE ? " INDEXED BY checkins_entries_by_time" : "";
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT t.id, t.name, t.email, t.fields, t.source, t.created_at, t.cancelled_at, k.at AS sort_key
                    FROM checkins k""" + byTime + """
                     JOIN tickets t ON t.id = k.ticket_id
                    WHERE k.list_id = ? AND k.type = 'entry' AND k.annulled_at IS NULL AND (k.at, k.ticket_id) > (?, ?)
                      AND NOT EXISTS (SELECT 1 FROM checkins e WHERE e.list_id = ? AND e.ticket_id = k.ticket_id
                                      AND e.type = 'entry' AND e.annulled_at IS NULL
                                      AND (e.at < k.at OR (e.at = k.at AND e.id < k.id)))""" + cancelled + """

                    ORDER BY k.at, k.ticket_id LIMIT ?
                    """)) {
                ps.setString(1, listing.listId());
                ps.setLong(2, afterAt);
                ps.setString(3, afterId);
                ps.setString(4, listing.listId());
                ps.setInt(5, listing.limit() + 1);
                readListed(ps, rows);
            }
        }
        if (rows.size() <= listing.limit() && status != Listing.Status.ARRIVED) {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT t.id, t.name, t.email, t.fields, t.source, t.created_at, t.cancelled_at, ? AS sort_key
                    FROM tickets t
                    WHERE t.id > ? AND NOT EXISTS (SELECT 1 FROM checkins e WHERE e.list_id = ? AND e.ticket_id = t.id
                                                   AND e.type = 'entry' AND e.annulled_at IS NULL)""" + cancelled + """

                    ORDER BY t.id LIMIT ?
                    """)) {
                ps.setString(1, Long.toString(NEVER_ARRIVED));
                ps.setString(2, afterAt == NEVER_ARRIVED ? afterId : "");
                ps.setString(3, listing.listId());
                ps.setInt(4, listing.limit() + 1 - rows.size());
                readListed(ps, rows);
            }
        }
        return rows;
    }

    private void readListed(PreparedStatement ps, List<Listed> rows) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new Listed(ticket(rs), rs.getString("sort_key")));
            }
        }
    }

    /**
     * Where a ticket stands on one check-in list: its first standing entry, whether it is in now,
     * and the id of its latest standing entry (the one an organizer annuls to take an arrival back).
     */
    public record DoorState(Instant arrivedAt, boolean inside, Long checkinId) {
        public static final DoorState NEVER = new DoorState(null, false, null);
    }

    /** The door state of each ticket on {@code listId}; tickets never checked in there are absent. */
    public Map<String, DoorState> doorStates(Connection c, String listId, List<String> ticketIds) throws SQLException {
        Map<String, DoorState> found = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT (SELECT MIN(at) FROM checkins
                        WHERE list_id = ? AND ticket_id = ? AND type = 'entry' AND annulled_at IS NULL) AS arrived_at,
                       (SELECT type FROM checkins WHERE ticket_id = ? AND list_id = ? AND annulled_at IS NULL
                        ORDER BY round DESC, type DESC LIMIT 1) AS latest,
                       (SELECT id FROM checkins WHERE ticket_id = ? AND list_id = ? AND type = 'entry' AND annulled_at IS NULL
                        ORDER BY round DESC LIMIT 1) AS entry_id
                """)) {
            ps.setString(1, listId);
            ps.setString(4, listId);
            ps.setString(6, listId);
            for (String id : ticketIds) {
                ps.setString(2, id);
                ps.setString(3, id);
                ps.setString(5, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getString("latest") != null) {
                        long entry = rs.getLong("entry_id");
                        found.put(id, new DoorState(Rows.instant(rs, "arrived_at"), "entry".equals(rs.getString("latest")),
                                rs.wasNull() ? null : entry));
                    }
                }
            }
        }
        return found;
    }

    /**
     * Writes the ticket's search key and words again from its name and email as now stored:
     * every change of a name or email calls this in the same transaction. The old words are the
     * old key's (a key is its words, in order), so they are deleted by the primary key (word,
     * created_at, ticket).
     */
    public void updateSearch(Connection c, String ticketId) throws SQLException {
        String oldKey;
        String name;
        String email;
        boolean cancelled;
        long createdAt;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT name, email, search_key, cancelled_at, created_at FROM tickets WHERE id = ?")) {
            ps.setString(1, ticketId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                name = rs.getString("name");
                email = rs.getString("email");
                oldKey = rs.getString("search_key");
                cancelled = Rows.nullableLong(rs, "cancelled_at") != null;
                createdAt = rs.getLong("created_at");
            }
        }
        try (PreparedStatement key = c.prepareStatement("UPDATE tickets SET search_key = ? WHERE id = ?");
             PreparedStatement clear = c.prepareStatement(
                     "DELETE FROM ticket_words WHERE word = ? AND created_at = ? AND ticket_id = ?");
             PreparedStatement word = c.prepareStatement(INSERT_WORD)) {
            if (oldKey != null) {
                for (String w : Fold.words(oldKey)) {
                    clear.setString(1, w);
                    clear.setLong(2, createdAt);
                    clear.setString(3, ticketId);
                    clear.executeUpdate();
                }
            }
            String newKey = searchKey(name, email);
            key.setString(1, newKey);
            key.setString(2, ticketId);
            key.executeUpdate();
            insertWords(word, List.of(new Indexed(ticketId, createdAt, newKey, cancelled)));
        }
    }

    /**
     * Gives up to {@code batch} tickets stored before search keys existed (migration V004) their
     * key and words; returns how many it did, 0 once none is left.
     */
    public int fillSearchKeys(Connection c, int batch) throws SQLException {
        List<Indexed> missing = new ArrayList<>();
        // Tickets without a key have no words yet: no old words to delete.
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, name, email, cancelled_at, created_at FROM tickets WHERE search_key IS NULL LIMIT ?")) {
            ps.setInt(1, batch);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    missing.add(new Indexed(rs.getString("id"), rs.getLong("created_at"),
                            searchKey(rs.getString("name"), rs.getString("email")), Rows.nullableLong(rs, "cancelled_at") != null));
                }
            }
        }
        try (PreparedStatement key = c.prepareStatement("UPDATE tickets SET search_key = ? WHERE id = ?");
             PreparedStatement word = c.prepareStatement(INSERT_WORD)) {
            for (Indexed t : missing) {
                key.setString(1, t.searchKey());
                key.setString(2, t.id());
                key.executeUpdate();
            }
            insertWords(word, missing);
        }
        return missing.size();
    }

    /** Sorts after every word that starts with a prefix: U+10FFFF is the largest code point. */
    private static final String PAST_EVERY_WORD = "\uDBFF\uDFFF";

    private static final String INSERT_WORD =
            "INSERT INTO ticket_words (word, created_at, ticket_id, cancelled, search_key) VALUES (?, ?, ?, ?, ?)"
                    + " ON CONFLICT (word, created_at, ticket_id) DO NOTHING";

    /** A ticket as its search words hold it. */
    private record Indexed(String id, long createdAt, String searchKey, boolean cancelled) {
    }

    static String searchKey(String name, String email) {
        return Fold.text(name + " " + email);
    }

    /**
     * The words of many tickets, inserted in the index's order: B-tree inserts in key order touch
     * few pages, where the same inserts in ticket order touch a page each (and new tickets' entries
     * go at the end of each word's range: the primary key is word, then creation time). The words are the
     * stored key's, so that {@link #updateSearch} and {@link #cancel} find them again from it.
     */
    private static void insertWords(PreparedStatement word, List<Indexed> tickets) throws SQLException {
        record Entry(String word, Indexed ticket) {
        }
        List<Entry> entries = new ArrayList<>();
        for (Indexed t : tickets) {
            for (String w : Fold.words(t.searchKey())) {
                entries.add(new Entry(w, t));
            }
        }
        entries.sort(Comparator.comparing(Entry::word).thenComparingLong(e -> e.ticket().createdAt())
                .thenComparing(e -> e.ticket().id()));
        for (Entry e : entries) {
            word.setString(1, e.word());
            word.setLong(2, e.ticket().createdAt());
            word.setString(3, e.ticket().id());
            word.setInt(4, e.ticket().cancelled() ? 1 : 0);
            word.setString(5, e.ticket().searchKey());
            word.executeUpdate();
        }
    }

    private static final String SELECT_TICKET =
            "SELECT id, name, email, fields, source, created_at, cancelled_at FROM tickets";

    private Ticket ticket(ResultSet rs) throws SQLException {
        return new Ticket(rs.getString("id"), rs.getString("name"), rs.getString("email"), fromJson(rs.getString("fields")),
                Ticket.Source.valueOf(rs.getString("source").toUpperCase(Locale.ROOT)),
                Instant.ofEpochMilli(rs.getLong("created_at")), Rows.instant(rs, "cancelled_at"));
    }

    private String toJson(Map<String, String> fields) {
        try {
            return json.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
    }

    private Map<String, String> fromJson(String text) {
        try {
            return json.readValue(text, FIELDS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("attendee fields in the database are not JSON: " + text, e);
        }
    }
}
