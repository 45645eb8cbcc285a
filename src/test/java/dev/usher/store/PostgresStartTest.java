package dev.usher.store;

import dev.usher.Config;
import dev.usher.PgCluster;
import dev.usher.TestServer;
import dev.usher.Usher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Usher on a PostgreSQL it cannot use says why in one line and writes nothing; the test cluster
 * gives each data folder its own database. Runs in the SQLite suite, on a cluster of its own.
 */
class PostgresStartTest {
    @TempDir
    Path data;

    private Config on(PostgresUrl database) {
        return new Config("127.0.0.1", 0, data, null, TestServer.ADMIN_TOKEN).withDatabase(database);
    }

    private static Connection connect(PostgresUrl url) throws SQLException {
        return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
    }

    private static String one(PostgresUrl url, String query) throws SQLException {
        try (Connection c = connect(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private void refused(PostgresUrl database, String... words) {
        assertThatThrownBy(() -> Usher.open(on(database), Clock.systemUTC()).close())
                .isInstanceOf(StoreUnavailableException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").contains(words)
                        .doesNotContain(String.valueOf(database.password())));
    }

    @Test
    void a_port_where_nothing_listens_cannot_be_reached() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        refused(new PostgresUrl("127.0.0.1", closed, "usher", PgCluster.USER, PgCluster.PASSWORD, null),
                "cannot reach", "127.0.0.1:" + closed);
    }

    @Test
    void a_wrong_password_is_named_as_the_problem() {
        PgCluster pg = PgCluster.shared();
        PostgresUrl right = pg.freshDatabase();
        refused(pg.url(right.database(), "not-the-password"), "password", right.user());
    }

    @Test
    void a_database_that_does_not_exist_is_named() {
        PgCluster pg = PgCluster.shared();
        refused(pg.url("usher_never_created", pg.freshDatabase().password()), "no database", "usher_never_created");
    }

    @Test
    void a_database_with_tables_that_are_not_ushers_is_left_as_it_is() throws SQLException {
        PostgresUrl theirs = PgCluster.shared().freshDatabase();
        try (Connection c = connect(theirs); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE guests (name text NOT NULL)");
            s.execute("INSERT INTO guests VALUES ('Grace')");
        }
        refused(theirs, "not Usher's", theirs.database());
        assertThat(one(theirs, "SELECT string_agg(name, ',') FROM guests")).isEqualTo("Grace");
        assertThat(one(theirs, "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"))
                .isEqualTo("1");
        assertThat(one(theirs, "SELECT to_regclass('flyway_schema_history')")).isNull();
    }

    @Test
    void a_schema_from_a_newer_usher_is_refused() throws SQLException {
        PostgresUrl db = PgCluster.shared().freshDatabase();
        Usher.open(on(db), Clock.systemUTC()).close();
        try (Connection c = connect(db); Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO flyway_schema_history
                        (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)
                    SELECT max(installed_rank) + 1, '999', 'from a newer usher', 'SQL', 'V999__from_a_newer_usher.sql', 0,
                           current_user, 0, true
                    FROM flyway_schema_history
                    """);
        }
        refused(db, "newer Usher", "999");
    }

    @Test
    void a_data_folder_keeps_its_database_and_a_fresh_one_is_empty(@TempDir Path other) throws SQLException {
        PgCluster pg = PgCluster.shared();
        PostgresUrl first = pg.databaseFor(data);
        try (Connection c = connect(first); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (x int)");
        }
        assertThat(pg.databaseFor(data.resolve(".").resolve("..").resolve(data.getFileName()))).isEqualTo(first);
        assertThat(one(first, "SELECT to_regclass('kept')")).isEqualTo("kept");
        PostgresUrl second = pg.databaseFor(other);
        PostgresUrl fresh = pg.freshDatabase();
        assertThat(second.database()).isNotEqualTo(first.database());
        assertThat(fresh.database()).isNotIn(first.database(), second.database());
        assertThat(one(fresh, "SELECT to_regclass('kept')")).isNull();
        assertThat(first.port()).isEqualTo(pg.port());
    }

    @Test
    void the_database_of_a_deleted_data_folder_is_dropped(@TempDir Path dir) throws IOException, SQLException {
        PgCluster pg = PgCluster.shared();
        Path gone = Files.createDirectories(dir.resolve("gone"));
        PostgresUrl its = pg.databaseFor(gone);
        Files.delete(gone);
        PostgresUrl other = pg.databaseFor(dir.resolve("other"));
        assertThat(one(other, "SELECT count(*) FROM pg_database WHERE datname = '" + its.database() + "'")).isEqualTo("0");
    }

    @Test
    void db_comes_from_the_flag_or_the_environment_and_its_password_is_never_printed() {
        Config flag = Config.fromArgs(new String[]{"--db", "postgresql://ada:s3cr%40t@db.example.org:6543/usher?sslmode=require"},
                Map.of());
        assertThat(flag.database()).isEqualTo(new PostgresUrl("db.example.org", 6543, "usher", "ada", "s3cr@t", "sslmode=require"));
        assertThat(flag.database().jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.org:6543/usher?sslmode=require");

        Config env = Config.fromArgs(new String[0], Map.of(Config.DB_ENV, "postgres://bob:hunter2@10.0.0.5/event"));
        assertThat(env.database()).isEqualTo(new PostgresUrl("10.0.0.5", 5432, "event", "bob", "hunter2", null));
        assertThat(Config.fromArgs(new String[]{"--db", "postgresql://ada:s3cret@db.example.org/usher"},
                Map.of(Config.DB_ENV, "postgres://bob:hunter2@10.0.0.5/event")).database().user()).isEqualTo("ada");
        assertThat(Config.fromArgs(new String[0], Map.of()).database()).isNull();

        for (Config c : new Config[]{flag, env}) {
            assertThat(c.toString()).doesNotContain("s3cr", "hunter2").contains(c.database().where());
            assertThat(c.database().toString()).doesNotContain("s3cr", "hunter2").contains(":***@");
        }
    }
}
