package dev.usher.ops;

import dev.usher.auth.AdminToken;
import dev.usher.store.CopyStore;
import dev.usher.store.DataFiles;
import dev.usher.store.Database;
import dev.usher.store.PostgresUrl;
import dev.usher.store.SecretStore;
import dev.usher.ticket.EventKey;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code java -jar usher.jar migrate --from data/usher.db --to postgresql://…} (or back): copies an
 * event's whole database, with its signing key and admin token, into an empty database of the other
 * kind (or the same), and checks every table's row count afterwards. Usher must not be running on
 * either side meanwhile: the copy is one snapshot of the source, and later writes would be left behind.
 */
public final class MigrateCommand {
    /** The copy is one transaction on the target; a six-figure guest list takes a while. */
    private static final long PATIENCE_MS = 60L * 60 * 1000;

    private final PrintStream out;
    private final Clock clock;

    public MigrateCommand(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    /** One side: a SQLite data folder (its usher.db) or a PostgreSQL URL. */
    private record Side(Path folder, PostgresUrl postgres, String label) {
        static Side parse(String flag, String value) {
            if (value.startsWith("postgres://") || value.startsWith("postgresql://")) {
                PostgresUrl url = PostgresUrl.parse(value);
                return new Side(null, url, url.toString());
            }
            Path file = Path.of(value).toAbsolutePath();
            if (!file.getFileName().toString().equals(Database.FILE)) {
                throw new IllegalArgumentException(flag + " takes a data folder's " + Database.FILE + " (e.g. data/" + Database.FILE
                        + ") or postgresql://user:pass@host:5432/db, not " + value);
            }
            return new Side(file.getParent(), null, file.toString());
        }

        Database open() {
            return Database.open(folder, postgres);
        }
    }

    public static String usage() {
        return """
                usage: java -jar target/usher.jar migrate --from SOURCE --to TARGET
                  SOURCE, TARGET  a data folder's usher.db (SQLite; the folder also holds the event key and admin token)
                                  or postgresql://user:pass@host:5432/database
                  Copies every ticket, check-in, scan, kiosk, mail and webhook, the event, its signing key and the
                  admin token into TARGET, which must be empty, and checks every table's row count.
                  Stop Usher on both sides first.""";
    }

    /** Returns the process's exit code: 0 copied and checked, 1 refused or failed, 2 bad arguments. */
    public int run(List<String> args) {
        Side from;
        Side to;
        try {
            Map<String, String> flags = flags(args);
            from = Side.parse("--from", required(flags, "--from"));
            to = Side.parse("--to", required(flags, "--to"));
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            out.println(usage());
            return 2;
        }
        try {
            return copy(from, to);
        } catch (RuntimeException | IOException e) {
            out.println("migrate: " + e.getMessage());
            return 1;
        }
    }

    private int copy(Side from, Side to) throws IOException {
        if (from.folder() != null && !Database.existsIn(from.folder())) {
            throw new IllegalStateException("there is no database at " + from.label());
        }
        if (from.label().equals(to.label())) {
            throw new IllegalStateException("--from and --to are the same database");
        }
        if (to.folder() != null && Database.existsIn(to.folder())) {
            throw new IllegalStateException(to.label() + " already exists: migrate copies into a new database only");
        }
        if (to.folder() != null && EventKey.existsIn(to.folder())) {
            throw new IllegalStateException(to.folder() + " already has an event key: give migrate an empty folder");
        }
        if (to.folder() != null) {
            DataFiles.createPrivateFolder(to.folder());
        }
        SecretStore secrets = new SecretStore();
        SecureRandom random = new SecureRandom();
        try (Database source = from.open(); Database target = to.open()) {
            CopyStore copy = new CopyStore(target.dialect());
            List<String> all = target.read(copy::tables);
            // Only the tables both kinds have: PostgreSQL's secrets are SQLite's key and token files.
            List<String> inBoth = source.read(copy::tables);
            List<String> tables = all.stream().filter(inBoth::contains).toList();
            List<String> notEmpty = new ArrayList<>();
            for (String t : all) {
                if (target.read(c -> copy.count(c, t)) > 0) {
                    notEmpty.add(t);
                }
            }
            if (!notEmpty.isEmpty()) {
                throw new IllegalStateException(to.label() + " is not empty (" + String.join(", ", notEmpty)
                        + "): migrate copies into an empty database only, and wrote nothing");
            }
            Optional<EventKey> key = EventKey.existing(from.folder(), source, secrets, random);
            Optional<String> token = adminToken(from, source, secrets);
            long now = clock.millis();
            out.println("copying " + from.label() + " -> " + to.label());
            Map<String, Long> copied = source.read(rc -> Database.await(target.submit(wc -> {
                Map<String, Long> n = new LinkedHashMap<>();
                for (String t : tables) {
                    n.put(t, copy.copy(rc, wc, t));
                }
                if (to.postgres() != null) {
                    if (key.isPresent()) {
                        key.get().keepIn(wc, secrets, now);
                    }
                    if (token.isPresent()) {
                        secrets.keep(wc, AdminToken.SHARED, token.get().getBytes(StandardCharsets.UTF_8), now);
                    }
                }
                return n;
            }), PATIENCE_MS));
            if (to.folder() != null) {
                if (key.isPresent()) {
                    key.get().writeTo(to.folder());
                }
                if (token.isPresent()) {
                    DataFiles.writeDurably(to.folder().resolve(AdminToken.FILE), (token.get() + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            Map<String, Long> inSource = source.read(c -> copy.counts(c, tables));
            Map<String, Long> inTarget = target.read(c -> copy.counts(c, tables));
            boolean same = true;
            for (String t : tables) {
                boolean ok = inSource.get(t).equals(inTarget.get(t)) && inSource.get(t).equals(copied.get(t));
                same &= ok;
                out.printf("  %-22s %,10d -> %,10d %s%n", t, inSource.get(t), inTarget.get(t), ok ? "ok" : "DIFFERENT");
            }
            out.println("  event key: " + (key.isPresent() ? "copied" : "none in the source")
                    + "; admin token: " + (token.isPresent() ? "copied" : "none in the source"));
            if (!same) {
                out.println("migrate: the counts differ (was Usher running on " + from.label() + "?): do not use " + to.label());
                return 1;
            }
            out.println("done: start Usher with " + (to.postgres() != null ? "--db " + to.label() : "--data " + to.folder()));
            return 0;
        }
    }

    private static Optional<String> adminToken(Side from, Database source, SecretStore secrets) throws IOException {
        if (from.folder() != null) {
            Path file = from.folder().resolve(AdminToken.FILE);
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip()) : Optional.empty();
        }
        return source.read(c -> secrets.find(c, AdminToken.SHARED)).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    private static Map<String, String> flags(List<String> args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (!flag.equals("--from") && !flag.equals("--to")) {
                throw new IllegalArgumentException("unknown option " + flag);
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            flags.put(flag, args.get(++i));
        }
        return flags;
    }

    private static String required(Map<String, String> flags, String flag) {
        String v = flags.get(flag);
        if (v == null) {
            throw new IllegalArgumentException(flag + " is required");
        }
        return v;
    }
}
