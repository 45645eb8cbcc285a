package dev.usher.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Where everything Usher keeps lives: SQLite in the data folder (one process, group-committed by
 * one writer thread) or a PostgreSQL database several nodes share (a pool, concurrent serializable
 * transactions). Every store runs on the connection a unit of work is given, so the door's rules
 * are the same code on both.
 *
 * <p>A unit of work may be run more than once (PostgreSQL retries a transaction that lost a
 * serialization race), so it touches nothing but the connection; what it returns is used once
 * its write is committed.
 */
public sealed interface Database extends AutoCloseable permits SqliteDatabase, PostgresDatabase {
    /** SQLite's file in the data folder. */
    String FILE = "usher.db";
    /** How long a caller waits for its write before it is told the database did not answer. */
    long WRITE_TIMEOUT_MS = 10_000;

    /** True when the data folder has a SQLite database file (possibly empty). */
    static boolean existsIn(Path dataDir) {
        return Files.exists(dataDir.resolve(FILE));
    }

    /** SQLite in the data folder, created if missing, its schema brought up to date. */
    static Database open(Path dataDir) {
        return SqliteDatabase.open(dataDir);
    }

    /** {@code postgres} when given, else SQLite in the data folder; the schema brought up to date either way. */
    static Database open(Path dataDir, PostgresUrl postgres) {
        return postgres == null ? SqliteDatabase.open(dataDir) : PostgresDatabase.open(postgres);
    }

    Dialect dialect();

    /** Runs {@code work} in a write transaction and returns once it is durably committed. */
    <T> T write(SqlWork<T> work);

    /**
     * {@link #write}, for a unit whose decision rests on a count or an absence that no unique index
     * guards (the last place of a capped registration): on PostgreSQL it runs SERIALIZABLE, so two
     * nodes cannot both decide on the same state. SQLite's one writer is that already.
     */
    default <T> T writeSerializable(SqlWork<T> work) {
        return write(work);
    }

    /**
     * Starts {@code work} and returns at once: the future completes once it is durably committed.
     * For bulk work with something else to do meanwhile (an import signs its next chunk while this
     * one commits); {@link #await} then waits for it. Submitted units commit in the order submitted,
     * each in a transaction of its own, and {@link #write}s queued meanwhile do not wait for them
     * to finish first.
     */
    <T> CompletableFuture<T> submit(SqlWork<T> work);

    /** Waits up to {@code patienceMs} for a submitted write, with {@link #write}'s errors. */
    static <T> T await(CompletableFuture<T> written, long patienceMs) {
        try {
            return written.get(patienceMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new StoreUnavailableException("write failed: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new StoreUnavailableException("the database did not answer in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while writing", e);
        }
    }

    /**
     * Runs {@code work} in one read transaction: all its queries see the same state, everything
     * committed before its first query.
     */
    <T> T read(SqlWork<T> work);

    /** Null while the database is the one opened and answering; else what is wrong (for the health check). */
    String fileProblem();

    /** Runs {@code listener} after every commit made through this process; it must return quickly. */
    void onCommit(Runnable listener);

    /**
     * Runs {@code listener} when another node committed a change of {@code topic} (with its detail,
     * e.g. the device's id; null after a reconnection, meaning "reread everything"). Never on SQLite,
     * where this process is the only writer.
     */
    default void onChangeElsewhere(Topic topic, Consumer<String> listener) {
    }

    /** Whether {@link #backupTo} can copy this database into a file (SQLite can; PostgreSQL has pg_dump). */
    default boolean backsUpToFiles() {
        return dialect() == Dialect.SQLITE;
    }

    /** Copies the database into {@code target}, consistent as of one moment, while work carries on. */
    void backupTo(Path target);

    @Override
    void close();
}
