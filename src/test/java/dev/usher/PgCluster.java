package dev.usher;

import dev.usher.store.Database;
import dev.usher.store.PostgresUrl;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One real PostgreSQL 15 server per test JVM, for tests that run Usher on PostgreSQL: initdb'd
 * from Debian's binaries into a temp folder the first time it is asked for, stopped and deleted
 * when the JVM exits. With {@code USHER_TEST_PG_URL} set (a superuser's
 * {@code postgresql://user:pass@host:port/postgres}) that server is used instead and nothing is
 * started; the databases made on it are dropped at exit.
 *
 * <p>PostgreSQL refuses to run as root, so as root initdb and pg_ctl run as the {@code postgres}
 * user, who then owns the folder.
 */
public final class PgCluster {
    public static final String URL_ENV = "USHER_TEST_PG_URL";
    public static final String USER = "usher";
    /** Fixed, so a test can present a wrong one. */
    public static final String PASSWORD = "usher-test-password";
    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final String RUN_AS = "postgres";
    private static PgCluster shared;

    private final PostgresUrl admin;
    /** Null when the server is not ours (USHER_TEST_PG_URL). */
    private final Path folder;
    private final List<String> created = new ArrayList<>();
    /** The data folder of each database made by {@link #databaseFor}. */
    private final Map<String, Path> folders = new HashMap<>();
    /** Those of them whose folder was there once (a server's folder is made after its database). */
    private final Set<String> folderSeen = new HashSet<>();
    /** The migrated database that data folders' databases are copied from; made on first use. */
    private String template;
    private boolean stopped;

    private PgCluster(PostgresUrl admin, Path folder) {
        this.admin = admin;
        this.folder = folder;
    }

    /** The cluster of this JVM, started the first time it is asked for. */
    public static synchronized PgCluster shared() {
        if (shared == null) {
            String external = System.getenv(URL_ENV);
            // fsync off: a test cluster that dies with its machine is thrown away anyway.
            shared = external == null || external.isBlank()
                    ? startLocal(" -c fsync=off -c synchronous_commit=off -c full_page_writes=off", true)
                    : new PgCluster(PostgresUrl.parse(external), null);
            PgCluster cluster = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::shutDown, "pg-cluster-stop"));
        }
        return shared;
    }

    /**
     * A cluster of its own with PostgreSQL's durable defaults (fsync, synchronous_commit and
     * full_page_writes on), for a benchmark: a commit it acknowledges is on disk. The caller
     * {@link #stop}s it; it is not the shared test cluster.
     */
    public static PgCluster startDurable() {
        PgCluster cluster = startLocal("", false);
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::shutDown, "pg-cluster-stop"));
        return cluster;
    }

    /** Stops the server and deletes its folder (also done at JVM exit; the second time does nothing). */
    public void stop() {
        shutDown();
    }

    /** The postmaster's process id (the first line of postmaster.pid); -1 when the server is not ours. */
    public long serverPid() {
        if (folder == null) {
            return -1;
        }
        try {
            return Long.parseLong(Files.readAllLines(folder.resolve("data").resolve("postmaster.pid")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The server's log (pg_ctl -l); null when the server is not ours. */
    public Path serverLog() {
        return folder == null ? null : folder.resolve("server.log");
    }

    /** The superuser's URL of database {@code postgres}. */
    public PostgresUrl adminUrl() {
        return admin;
    }

    public int port() {
        return admin.port();
    }

    /**
     * The database of this data folder: created empty the first time, the same one after, so a
     * test that restarts a server on its data folder finds its data there.
     */
    public synchronized PostgresUrl databaseFor(Path dataDir) {
        Path folder = dataDir.toAbsolutePath().normalize();
        dropThoseOfDeletedFolders();
        String name = "usher_" + sha256(folder.toString()).substring(0, 24);
        if (!exists(name)) {
            create(name, migratedTemplate());
            folders.put(name, folder);
        }
        if (Files.exists(folder)) {
            folderSeen.add(name);
        }
        return url(name, admin.password());
    }

    /**
     * A database lives as long as its data folder: a test's temp folder is gone once the test is,
     * and some 170 databases of 8 MB each would otherwise pile up until the JVM exits.
     */
    private void dropThoseOfDeletedFolders() {
        for (Iterator<Map.Entry<String, Path>> i = folders.entrySet().iterator(); i.hasNext(); ) {
            Map.Entry<String, Path> e = i.next();
            if (Files.exists(e.getValue())) {
                folderSeen.add(e.getKey());
            } else if (folderSeen.remove(e.getKey())) {
                drop(e.getKey());
                i.remove();
            }
        }
    }

    private void drop(String name) {
        try (Connection c = connectAdmin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            created.remove(name);
        } catch (SQLException e) {
            System.err.println("PgCluster: could not drop " + name + ": " + e.getMessage());
        }
    }

    /** A new empty database. */
    public synchronized PostgresUrl freshDatabase() {
        String name = "usher_fresh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        create(name);
        return url(name, admin.password());
    }

    /** This server's {@code database} as its user, with {@code password} (a wrong one, say). */
    public PostgresUrl url(String database, String password) {
        return new PostgresUrl(admin.host(), admin.port(), database, admin.user(), password, admin.query());
    }

    private boolean exists(String name) {
        try (Connection c = connectAdmin(); PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + admin + ": " + e.getMessage(), e);
        }
    }

    /**
     * A database Usher's migrations already ran on, copied for each server's data folder: a copy
     * takes milliseconds, migrating each new database took about a second of every server start.
     */
    private String migratedTemplate() {
        if (template == null) {
            String name = "usher_template_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            create(name);
            Database.open(null, url(name, admin.password())).close();
            template = name;
        }
        return template;
    }

    private void create(String name) {
        create(name, "template0");
    }

    private void create(String name, String from) {
        // template0: nothing a site added to template1 ends up in Usher's database.
        try (Connection c = connectAdmin(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " TEMPLATE " + from + " ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
            created.add(name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " at " + admin + ": " + e.getMessage(), e);
        }
    }

    private Connection connectAdmin() throws SQLException {
        return DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
    }

    /** {@code settings}: extra {@code -c} options; {@code noSync}: initdb skips its own fsyncs. */
    private static PgCluster startLocal(String settings, boolean noSync) {
        if (!Files.isExecutable(BIN.resolve("pg_ctl"))) {
            throw new IllegalStateException("no PostgreSQL 15 in " + BIN + " (apt-get install postgresql), or set " + URL_ENV);
        }
        try {
            Path folder = Files.createTempDirectory("usher-pg");
            Path data = folder.resolve("data");
            Path pwfile = folder.resolve("pwfile");
            Files.writeString(pwfile, PASSWORD + "\n");
            if (asRoot()) {
                UserPrincipalLookupService users = folder.getFileSystem().getUserPrincipalLookupService();
                Files.setOwner(folder, users.lookupPrincipalByName(RUN_AS));
                Files.setOwner(pwfile, users.lookupPrincipalByName(RUN_AS));
            }
            List<String> initdb = new ArrayList<>(List.of("-D", data.toString(), "-U", USER, "--locale=C", "-E", "UTF8",
                    "--auth=scram-sha-256", "--pwfile=" + pwfile));
            if (noSync) {
                initdb.add("--no-sync");
            }
            run(folder, "initdb", initdb.toArray(String[]::new));
            Files.delete(pwfile);
            // A port found free can be taken before the server binds it: try another then.
            for (int attempt = 1; ; attempt++) {
                int port = freePort();
                try {
                    run(folder, "pg_ctl", "-D", data.toString(), "-l", folder.resolve("server.log").toString(), "-w", "-o",
                            "-p " + port + " -k " + folder + " -c listen_addresses=127.0.0.1 -c max_connections=300" + settings, "start");
                    return new PgCluster(new PostgresUrl("127.0.0.1", port, "postgres", USER, PASSWORD, null), folder);
                } catch (IllegalStateException e) {
                    if (attempt == 3) {
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void shutDown() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (folder == null) {
            List.copyOf(created).forEach(this::drop);
            return;
        }
        try {
            run(folder, "pg_ctl", "-D", folder.resolve("data").toString(), "-m", "fast", "-w", "stop");
        } catch (RuntimeException e) {
            System.err.println("PgCluster: " + e.getMessage());
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("PgCluster: could not delete " + folder + ": " + e);
        }
    }

    /** Runs a PostgreSQL program to its end; its output goes to a file, read back when it fails. */
    private static void run(Path folder, String program, String... args) {
        List<String> command = new ArrayList<>();
        if (asRoot()) {
            command.addAll(List.of("runuser", "-u", RUN_AS, "--"));
        }
        command.add(BIN.resolve(program).toString());
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("usher-pg-" + program, ".out");
            try {
                // Output to a file, not a pipe: the server pg_ctl starts would hold a pipe open.
                Process p = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                        .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
                int code = p.waitFor();
                if (code != 0) {
                    String log = Files.isReadable(folder.resolve("server.log")) ? Files.readString(folder.resolve("server.log")) : "";
                    throw new IllegalStateException(program + " exited " + code + ": " + Files.readString(out).strip()
                            + (log.isEmpty() ? "" : "\nserver.log:\n" + log.strip()));
                }
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
