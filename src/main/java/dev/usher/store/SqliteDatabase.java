package dev.usher.store;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The SQLite file: one writer connection owned by one thread, a few reader connections.
 *
 * <p>Writes are group-committed: the writer thread drains every queued unit of work into one
 * transaction with {@code synchronous=FULL}, so each caller is answered only after its work is on
 * disk, while one fsync is shared by everything that arrived together. A unit that fails is rolled
 * back alone and the others still commit (the batch is run again with a savepoint per unit).
 * Both connections keep their prepared statements ({@link CachedStatements}).
 */
public final class SqliteDatabase implements Database {
    private static final Logger log = LoggerFactory.getLogger(SqliteDatabase.class);
    private static final int MAX_BATCH = 512;
    private static final int READERS = 4;

    private final Connection writer;
    private final BlockingQueue<Connection> readers;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final String url;
    private final Thread writerThread;
    private final List<Runnable> commitListeners = new CopyOnWriteArrayList<>();
    private final DatabaseFile file;
    private final Checkpointer checkpointer;
    private volatile boolean open = true;

    private SqliteDatabase(String url, DatabaseFile file, Connection writer, BlockingQueue<Connection> readers, Checkpointer checkpointer) {
        this.url = url;
        this.checkpointer = checkpointer;
        commitListeners.add(checkpointer::committed);
        this.file = file;
        this.writer = writer;
        this.readers = readers;
        this.writerThread = new Thread(this::writeLoop, "usher-db-writer");
        this.writerThread.setDaemon(true);
        this.writerThread.start();
    }

    /**
     * Opens (creating if needed, owner-only) {@code usher.db} in the data folder, checks that it
     * can be written, and brings its schema up to date.
     */
    static SqliteDatabase open(Path dataDir) {
        Path path = dataDir.resolve(FILE);
        try {
            DataFiles.createPrivateFile(path);
            String url = "jdbc:sqlite:" + path.toAbsolutePath();
            Connection writer = CachedStatements.wrap(connect(url, false));
            try (Statement s = writer.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                // Checkpoints run on their own thread (Checkpointer), not inside a door's COMMIT.
                s.execute("PRAGMA wal_autocheckpoint=0");
                // A batch's savepoints keep each unit's page images in a statement journal, which SQLite
                // spills to a temp file past 64 KB: a few hundred pwrites per batch for a rollback that
                // almost never happens. In memory they cost a copy (nothing durable lives there).
                s.execute("PRAGMA temp_store=MEMORY");
                // Fails now, with a clear message, instead of at the first check-in of the evening.
                // (SQLite opens a file it may not write read-only, silently: only a write tells.)
                s.execute("BEGIN IMMEDIATE");
                try {
                    s.execute("CREATE TABLE usher_write_probe (x)");
                } finally {
                    s.execute("ROLLBACK");
                }
            } catch (SQLException e) {
                writer.close();
                throw new StoreUnavailableException(path.toAbsolutePath() + " cannot be written (" + e.getMessage()
                        + "): check that the file and its folder are writable by this user and the disk is not full", e);
            }
            Schema.migrate(Flyway.configure()
                    .dataSource(url, null, null)
                    .locations("classpath:db/sqlite")
                    .load(), path.toAbsolutePath().toString());
            BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
            for (int i = 0; i < READERS; i++) {
                readers.add(CachedStatements.wrap(connect(url, true)));
            }
            return new SqliteDatabase(url, new DatabaseFile(path), writer, readers, new Checkpointer(connect(url, false)));
        } catch (StoreUnavailableException e) {
            throw e;
        } catch (Exception e) {
            throw new StoreUnavailableException("cannot open the database " + path.toAbsolutePath()
                    + ": " + e.getMessage() + " (restore it from data/backups/ or move it away to start afresh)", e);
        }
    }

    private static Connection connect(String url, boolean readOnly) throws SQLException {
        Connection c = DriverManager.getConnection(url);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=5000");
            s.execute("PRAGMA foreign_keys=ON");
            // FULL: an acknowledged check-in survives a power cut, not only a crash.
            s.execute("PRAGMA synchronous=FULL");
            if (readOnly) {
                s.execute("PRAGMA query_only=ON");
            }
        }
        if (readOnly) {
            // Every read is one transaction (ended in read()), so its queries see one state.
            c.setAutoCommit(false);
        }
        return c;
    }

    /** Runs {@code work} in a write transaction and returns once it is durably committed. */
    @Override
    public <T> T write(SqlWork<T> work) {
        return write(work, WRITE_TIMEOUT_MS);
    }

    private <T> T write(SqlWork<T> work, long patienceMs) {
        return Database.await(enqueue(work, false), patienceMs);
    }

    /**
     * Queues bulk {@code work} for the writer and returns at once: the future completes once it is
     * durably committed, in a transaction of its own ({@link #writeLoop}). For a caller with
     * something else to do meanwhile (an import signs its next chunk while the writer commits this
     * one); {@link Database#await} then waits for it.
     */
    @Override
    public <T> CompletableFuture<T> submit(SqlWork<T> work) {
        return enqueue(work, true);
    }

    private <T> CompletableFuture<T> enqueue(SqlWork<T> work, boolean bulk) {
        if (!open) {
            throw new StoreUnavailableException("the database is closed", null);
        }
        if (file.problem() != null) {
            throw new StoreUnavailableException(file.problem(), null);
        }
        Pending<T> pending = new Pending<>(work, bulk);
        queue.add(pending);
        return pending.result;
    }


    /**
     * Runs {@code work} on a reader connection, in one read transaction: all its queries see the
     * same state, everything committed before its first query.
     */
    @Override
    public <T> T read(SqlWork<T> work) {
        Connection c;
        try {
            c = readers.poll(WRITE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while reading", e);
        }
        if (c == null || !open) {
            if (c != null) {
                readers.add(c);
            }
            throw new StoreUnavailableException("no database connection is free", null);
        }
        try {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreUnavailableException("read failed: " + e.getMessage(), e);
        } finally {
            endReadTransaction(c);
            readers.add(c);
        }
    }

    /** Ends the read so the WAL can be checkpointed past it. */
    private static void endReadTransaction(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            log.warn("could not end a read transaction: {}", e.getMessage());
        }
    }

    /**
     * Each round commits what is queued in one transaction, except bulk units (an import chunk),
     * which go alone, one per round, after the round's other writes: a door scan queued beside a
     * chunk is answered after its own small commit, not after the chunk's hundred tickets and their
     * fsync; and a chunk still goes every round, so a steady stream of scans never starves an import.
     */
    private void writeLoop() {
        List<Pending<?>> drained = new ArrayList<>(MAX_BATCH);
        List<Pending<?>> batch = new ArrayList<>(MAX_BATCH);
        Deque<Pending<?>> bulk = new ArrayDeque<>();
        while (open || !queue.isEmpty() || !bulk.isEmpty()) {
            try {
                Pending<?> first = bulk.isEmpty() ? queue.poll(200, TimeUnit.MILLISECONDS) : queue.poll();
                if (first != null) {
                    drained.add(first);
                    queue.drainTo(drained, MAX_BATCH - 1);
                }
                for (Pending<?> p : drained) {
                    if (p.bulk) {
                        bulk.addLast(p);
                    } else {
                        batch.add(p);
                    }
                }
                if (!batch.isEmpty()) {
                    commitBatch(batch);
                }
                if (!bulk.isEmpty()) {
                    commitBatch(List.of(bulk.removeFirst()));
                }
                checkpointer.catchUpOn(writer);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                bulk.forEach(p -> p.result.completeExceptionally(new StoreUnavailableException("the database is closed", e)));
                return;
            } finally {
                drained.clear();
                batch.clear();
            }
        }
    }

    private void commitBatch(List<Pending<?>> batch) {
        List<Runnable> completions = new ArrayList<>(batch.size());
        boolean failedAlone = false;
        try {
            // Units almost never fail inside the writer (requests are checked before they queue), so a
            // batch first runs without savepoints, two statements per unit cheaper. If one fails, the
            // whole transaction is rolled back and the batch runs again with a savepoint per unit, so
            // the failure is undone alone and the others still commit. (Every unit may be run more
            // than once; see Database.) A unit alone needs no second run: its rollback is its savepoint.
            run(BEGIN);
            boolean failed = false;
            for (Pending<?> p : batch) {
                Outcome outcome = p.run(writer);
                failed |= !outcome.succeeded();
                completions.add(outcome.completion());
            }
            if (failed && batch.size() > 1) {
                run(ROLLBACK);
                completions.clear();
                run(BEGIN);
                for (Pending<?> p : batch) {
                    completions.add(runInSavepoint(p).completion());
                }
            }
            failedAlone = failed && batch.size() == 1;
            run(failedAlone ? ROLLBACK : COMMIT);
        } catch (SQLException e) {
            log.error("commit of {} writes failed: {}", batch.size(), e.getMessage());
            rollbackQuietly();
            StoreUnavailableException failure = new StoreUnavailableException("the database could not commit: " + e.getMessage(), e);
            batch.forEach(p -> p.result.completeExceptionally(failure));
            return;
        }
        // Only now, after COMMIT returned, may anyone be told their write happened.
        completions.forEach(Runnable::run);
        if (failedAlone) {
            return;
        }
        for (Runnable listener : commitListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.warn("commit listener failed: {}", e.toString());
            }
        }
    }

    /** Runs a unit inside a savepoint, so a failure undoes this unit alone. */
    private Outcome runInSavepoint(Pending<?> p) throws SQLException {
        run(SAVEPOINT);
        Outcome outcome = p.run(writer);
        if (!outcome.succeeded()) {
            run(ROLLBACK_TO);
        }
        run(RELEASE);
        return outcome;
    }

    /** Runs one of the writer's fixed transaction statements, prepared once and kept. */
    private void run(String sql) throws SQLException {
        try (PreparedStatement ps = writer.prepareStatement(sql)) {
            ps.execute();
        }
    }

    /** Null while the database file is the one opened; else what happened to it (for the health check). */
    @Override
    public String fileProblem() {
        return file.problem();
    }

    /** Runs {@code listener} on the writer thread after every commit; it must return quickly. */
    @Override
    public void onCommit(Runnable listener) {
        commitListeners.add(listener);
    }

    private void rollbackQuietly() {
        try (Statement s = writer.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // No transaction was open: nothing to undo.
        }
    }

    /**
     * Copies the database into {@code target}, consistent as of one moment, while the writer and
     * the readers carry on (WAL lets a reader see one snapshot for as long as it reads). Uses a
     * connection of its own: the pooled readers are query-only and a copy can take a while.
     */
    @Override
    public void backupTo(Path target) {
        if (!open) {
            throw new StoreUnavailableException("the database is closed", null);
        }
        try {
            // VACUUM INTO fills an empty file: made owner-only first, like every file of ours.
            DataFiles.createNewPrivateFile(target);
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot create the backup file " + target + ": " + e.getMessage(), e);
        }
        try (Connection c = connect(url, false); var ps = c.prepareStatement("VACUUM INTO ?")) {
            ps.setString(1, target.toAbsolutePath().toString());
            ps.execute();
        } catch (SQLException e) {
            deleteQuietly(target);
            throw new StoreUnavailableException("backup failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Dialect dialect() {
        return Dialect.SQLITE;
    }

    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        file.close();
        try {
            writerThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkpointer.close();
        closeQuietly(writer);
        readers.forEach(SqliteDatabase::closeQuietly);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("could not delete the failed backup {}: {}", file, e.getMessage());
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // Closing at shutdown: nothing left to save.
        }
    }

    private static final String BEGIN = "BEGIN IMMEDIATE";
    private static final String COMMIT = "COMMIT";
    private static final String ROLLBACK = "ROLLBACK";
    private static final String SAVEPOINT = "SAVEPOINT unit";
    private static final String RELEASE = "RELEASE unit";
    private static final String ROLLBACK_TO = "ROLLBACK TO unit";

    /** What a unit of work came to, and what to tell its caller once the batch is settled. */
    private record Outcome(boolean succeeded, Runnable completion) {
    }

    private static final class Pending<T> {
        private final SqlWork<T> work;
        /** Submitted ({@link #submit}): committed in a transaction of its own. */
        private final boolean bulk;
        private final CompletableFuture<T> result = new CompletableFuture<>();

        Pending(SqlWork<T> work, boolean bulk) {
            this.work = work;
            this.bulk = bulk;
        }

        /** Runs the work; a fatal database error is thrown, any other failure is the outcome. */
        Outcome run(Connection c) throws SQLException {
            try {
                T value = work.run(c);
                return new Outcome(true, () -> result.complete(value));
            } catch (RuntimeException | SQLException e) {
                if (e instanceof SQLException sql && isFatal(sql)) {
                    throw sql;
                }
                return new Outcome(false, () -> result.completeExceptionally(e));
            }
        }
    }

    /** Errors that doom the whole transaction, not just one unit of it (disk full, I/O, corruption). */
    private static boolean isFatal(SQLException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("SQLITE_FULL") || m.contains("SQLITE_IOERR") || m.contains("SQLITE_CORRUPT")
                || m.contains("SQLITE_NOTADB") || m.contains("SQLITE_READONLY");
    }
}
