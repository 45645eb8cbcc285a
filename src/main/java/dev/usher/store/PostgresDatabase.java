package dev.usher.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A PostgreSQL database that any number of Usher nodes share. Writes run side by side, each a
 * REPEATABLE READ transaction (one snapshot). What must happen once is guarded by a unique index,
 * as it is on SQLite: a ticket's entry per round ({@code checkins_once}), a kiosk's nonce
 * ({@code scans_nonce}), an email. So the door's rules (read the ticket's latest state, then
 * record) stay exactly as they are: of two nodes admitting one ticket at once, the second insert
 * fails on the index, the transaction is rolled back and run again on what the winner committed,
 * and answers "already inside". Serialization failures (two writes to one row) and deadlocks are
 * run again the same way. A decision that rests on a count instead ({@link #writeSerializable})
 * runs SERIALIZABLE. (SERIALIZABLE for every write was tried first: the nonce look-up's predicate
 * locks on the index made most concurrent scans fail as "pivots" and give up after 12 tries.)
 *
 * <p>Commits made on other nodes reach this node's commit listeners through LISTEN/NOTIFY, so a
 * dashboard on one node follows the door of another.
 *
 * <p>Reads are REPEATABLE READ and read-only: one snapshot for all of a read's queries, as a SQLite
 * read transaction gives, and never a serialization failure.
 */
public final class PostgresDatabase implements Database {
    private static final Logger log = LoggerFactory.getLogger(PostgresDatabase.class);
    private static final int WRITERS = 16;
    private static final int READERS = 8;
    /** Far more than a door scan ever needs: the rerun sees the winner's row and decides at once. */
    private static final int ATTEMPTS = 12;
    /** How often the listening thread looks up from its wait, to notice that Usher is closing. */
    private static final int LISTEN_WAKE_MS = 500;

    /**
     * Every write tells the other nodes "something changed" on commit (PostgreSQL delivers a NOTIFY
     * only if its transaction commits). The payload is only this node's id, far from the 8,000-byte
     * limit: listeners read what changed from the database, as they do for their own commits.
     */
    static final String CHANNEL = "usher_changes";
    private static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', ?)";
    /** A payload that names what changed ({@link Topic}), not only which node committed. */
    private static final String TOPIC_PREFIX = "topic:";

    private final String node = UUID.randomUUID().toString();
    private final PostgresUrl url;
    private final Thread listener;
    private final HikariDataSource writers;
    private final HikariDataSource readers;
    /** One thread, so submitted writes commit in the order they were submitted, as on SQLite. */
    private final ExecutorService submitted;
    private final List<Runnable> commitListeners = new CopyOnWriteArrayList<>();
    private final Map<Topic, List<Consumer<String>>> elsewhere = new EnumMap<>(Topic.class);
    private volatile boolean open = true;

    private PostgresDatabase(PostgresUrl url, HikariDataSource writers, HikariDataSource readers) {
        this.url = url;
        this.writers = writers;
        this.readers = readers;
        for (Topic t : Topic.values()) {
            elsewhere.put(t, new CopyOnWriteArrayList<>());
        }
        this.listener = new Thread(this::listen, "usher-db-listen");
        this.listener.setDaemon(true);
        this.listener.start();
        this.submitted = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "usher-db-submitted");
            t.setDaemon(true);
            return t;
        });
    }

    /** Connects, checks the schema and brings it up to date; a clear one-line reason when it cannot. */
    static PostgresDatabase open(PostgresUrl url) {
        HikariDataSource writers = PostgresErrors.connect(url, pool(url, "usher-pg-write", WRITERS, false));
        try {
            Schema.migrate(Flyway.configure()
                    .dataSource(writers)
                    .locations("classpath:db/postgresql")
                    .load(), url.where());
            HikariDataSource readers = PostgresErrors.connect(url, pool(url, "usher-pg-read", READERS, true));
            log.info("database: PostgreSQL at {}", url.where());
            return new PostgresDatabase(url, writers, readers);
        } catch (StoreUnavailableException e) {
            writers.close();
            throw e;
        } catch (RuntimeException e) {
            writers.close();
            throw new StoreUnavailableException("cannot bring the schema of " + url.where() + " up to date: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
    }

    private static HikariConfig pool(PostgresUrl url, String name, int size, boolean readOnly) {
        HikariConfig c = new HikariConfig();
        c.setPoolName(name);
        c.setJdbcUrl(url.jdbcUrl());
        c.setUsername(url.user());
        c.setPassword(url.password());
        c.setMaximumPoolSize(size);
        c.setMinimumIdle(1);
        c.setAutoCommit(false);
        c.setReadOnly(readOnly);
        c.setTransactionIsolation("TRANSACTION_REPEATABLE_READ");
        c.setConnectionTimeout(5_000);
        c.addDataSourceProperty("ApplicationName", "usher");
        // Start-up tries once and says why it failed, instead of retrying silently.
        c.setInitializationFailTimeout(1);
        return c;
    }

    @Override
    public Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    @Override
    public <T> T write(SqlWork<T> work) {
        return write(work, false);
    }

    @Override
    public <T> T writeSerializable(SqlWork<T> work) {
        return write(work, true);
    }

    private <T> T write(SqlWork<T> work, boolean serializable) {
        checkOpen();
        for (int attempt = 1; ; attempt++) {
            try (Connection c = writers.getConnection()) {
                if (serializable) {
                    // The pool puts the connection's level back when it is returned.
                    c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
                }
                try {
                    T value = work.run(c);
                    try (PreparedStatement ps = c.prepareStatement(NOTIFY)) {
                        ps.setString(1, node);
                        ps.execute();
                    }
                    c.commit();
                    committed();
                    return value;
                } catch (SQLException e) {
                    rollbackQuietly(c);
                    if (attempt < ATTEMPTS && PostgresErrors.lostARace(e)) {
                        pause(attempt);
                        continue;
                    }
                    throw new StoreUnavailableException("write failed: " + e.getMessage(), e);
                } catch (RuntimeException e) {
                    rollbackQuietly(c);
                    if (attempt < ATTEMPTS && e.getCause() instanceof SQLException sql && PostgresErrors.lostARace(sql)) {
                        pause(attempt);
                        continue;
                    }
                    throw e;
                }
            } catch (SQLException e) {
                throw new StoreUnavailableException("the database is not answering: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public <T> CompletableFuture<T> submit(SqlWork<T> work) {
        checkOpen();
        return CompletableFuture.supplyAsync(() -> write(work), submitted);
    }

    @Override
    public <T> T read(SqlWork<T> work) {
        checkOpen();
        try (Connection c = readers.getConnection()) {
            try {
                return work.run(c);
            } catch (SQLException e) {
                throw new StoreUnavailableException("read failed: " + e.getMessage(), e);
            } finally {
                rollbackQuietly(c);
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("the database is not answering: " + e.getMessage(), e);
        }
    }

    /** For the health check: whether PostgreSQL answers now (a node that cannot reach it should leave the proxy's rotation). */
    @Override
    public String fileProblem() {
        if (!open) {
            return "the database is closed";
        }
        try (Connection c = readers.getConnection()) {
            return c.isValid(2) ? null : "PostgreSQL does not answer";
        } catch (SQLException e) {
            return "PostgreSQL does not answer: " + e.getMessage();
        }
    }

    @Override
    public void onCommit(Runnable listener) {
        commitListeners.add(listener);
    }

    @Override
    public void backupTo(Path target) {
        throw new UnsupportedOperationException("PostgreSQL is backed up with pg_dump, not into the data folder");
    }

    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        listener.interrupt();
        try {
            listener.join(2 * LISTEN_WAKE_MS + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        submitted.shutdown();
        readers.close();
        writers.close();
    }

    /**
     * Hears the other nodes' commits and tells this node's listeners (live counts, the mail and
     * webhook senders) as if they were its own. After every (re)connection it tells them once
     * unasked: whatever was committed while it was away is in the database, and they reread it.
     */
    private void listen() {
        int failures = 0;
        while (open) {
            try (Connection c = DriverManager.getConnection(url.jdbcUrl(), credentials())) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                failures = 0;
                // Whatever changed while this node was not listening: reread it all.
                elsewhere.values().forEach(ls -> ls.forEach(l -> l.accept(null)));
                committed();
                PGConnection pg = c.unwrap(PGConnection.class);
                while (open) {
                    PGNotification[] heard = pg.getNotifications(LISTEN_WAKE_MS);
                    if (heard != null) {
                        heard(heard);
                    }
                }
            } catch (SQLException e) {
                if (!open) {
                    return;
                }
                failures++;
                if (failures == 1) {
                    log.warn("lost PostgreSQL notifications from other nodes ({}); reconnecting", e.getMessage());
                }
                try {
                    Thread.sleep(Math.min(5_000, 250L * failures));
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void heard(PGNotification[] notes) {
        boolean otherNodeCommitted = false;
        for (PGNotification n : notes) {
            String payload = n.getParameter();
            if (payload.startsWith(TOPIC_PREFIX)) {
                String[] parts = payload.substring(TOPIC_PREFIX.length()).split(":", 2);
                Topic topic = Topic.fromWire(parts[0]);
                if (topic != null) {
                    String detail = parts.length > 1 && !parts[1].isEmpty() ? parts[1] : null;
                    for (Consumer<String> l : elsewhere.get(topic)) {
                        try {
                            l.accept(detail);
                        } catch (RuntimeException e) {
                            log.warn("listener for {} failed: {}", topic.wire(), e.toString());
                        }
                    }
                }
            } else if (!node.equals(payload)) {
                otherNodeCommitted = true;
            }
        }
        if (otherNodeCommitted) {
            committed();
        }
    }

    /** {@link Topic#announce}: a NOTIFY in {@code c}'s transaction, when {@code c} is PostgreSQL's. */
    static void announce(Connection c, Topic topic, String detail) throws SQLException {
        if (!c.isWrapperFor(PGConnection.class)) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(NOTIFY)) {
            ps.setString(1, TOPIC_PREFIX + topic.wire() + ":" + (detail == null ? "" : detail));
            ps.execute();
        }
    }

    @Override
    public void onChangeElsewhere(Topic topic, Consumer<String> listener) {
        elsewhere.get(topic).add(listener);
    }

    private Properties credentials() {
        Properties p = new Properties();
        p.setProperty("user", url.user());
        if (url.password() != null) {
            p.setProperty("password", url.password());
        }
        p.setProperty("ApplicationName", "usher-listen");
        return p;
    }

    private void committed() {
        for (Runnable listener : commitListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.warn("commit listener failed: {}", e.toString());
            }
        }
    }

    private void checkOpen() {
        if (!open) {
            throw new StoreUnavailableException("the database is closed", null);
        }
    }

    /** A few random milliseconds, growing: two nodes that collided do not collide again in step. */
    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(1, 2 + attempt * 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while writing", e);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The connection is broken: the pool drops it, and nothing was committed.
        }
    }
}
