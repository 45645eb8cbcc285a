package dev.usher;

import dev.usher.auth.AdminToken;
import dev.usher.mail.MailOptions;
import dev.usher.mail.SmtpUrl;
import dev.usher.store.PostgresUrl;
import dev.usher.web.ClientAddress;
import dev.usher.web.PublicOrigin;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How this process runs.
 *
 * @param eventFile null for the embedded default event
 * @param adminToken from {@code USHER_ADMIN_TOKEN}; null to use (or create) the one in the data folder
 * @param newDatabase start an empty database in a data folder whose database is missing but whose
 *                    event key is there ({@code --new-database}); without it Usher refuses, since
 *                    that is what a lost or deleted database looks like
 * @param mail        how ticket mails leave (an SMTP relay, or the data folder's outbox)
 * @param publicUrl   where attendees and other devices reach this Usher ({@code --public-url}); null
 *                    to use the address each request came in on
 * @param dropLists   check-in lists a changed event file may remove although they have check-ins
 *                    ({@code --drop-lists a,b})
 * @param database    the PostgreSQL database shared by several nodes ({@code --db}, {@code USHER_DB_URL});
 *                    null for SQLite in the data folder
 * @param trustedProxies the organizer's reverse proxies ({@code --trusted-proxy}): addresses or
 *                    ranges whose {@code X-Forwarded-For} names the client; empty: none
 */
public record Config(String host, int port, Path dataDir, Path eventFile, String adminToken, TlsOptions tls,
                     boolean newDatabase, MailOptions mail, String publicUrl, Set<String> dropLists,
                     PostgresUrl database, List<String> trustedProxies) {
    public static final String SMTP_ENV = "USHER_SMTP_URL";
    public static final String MAIL_FROM_ENV = "USHER_MAIL_FROM";
    public static final String DB_ENV = "USHER_DB_URL";
    public static final int DEFAULT_PORT = 7070;
    public static final int DEFAULT_TLS_PORT = 7443;

    /**
     * HTTPS beside plain HTTP: either the organizer's PEM files or a certificate from Usher's local CA (selfSigned: the flag keeps its old name).
     *
     * @param port the HTTPS port; plain HTTP stays on the main port for localhost and scanner kiosks
     */
    public record TlsOptions(Path cert, Path key, boolean selfSigned, int port) {
        public TlsOptions {
            if (selfSigned == (cert != null || key != null)) {
                throw new IllegalArgumentException("use either --tls-self-signed or both --tls-cert and --tls-key");
            }
            if (!selfSigned && (cert == null || key == null)) {
                throw new IllegalArgumentException("--tls-cert and --tls-key go together");
            }
        }
    }

    public Config(String host, int port, Path dataDir, Path eventFile, String adminToken) {
        this(host, port, dataDir, eventFile, adminToken, null);
    }

    public Config(String host, int port, Path dataDir, Path eventFile, String adminToken, TlsOptions tls) {
        this(host, port, dataDir, eventFile, adminToken, tls, false);
    }

    public Config(String host, int port, Path dataDir, Path eventFile, String adminToken, TlsOptions tls, boolean newDatabase) {
        this(host, port, dataDir, eventFile, adminToken, tls, newDatabase, MailOptions.OUTBOX, null, Set.of(), null, List.of());
    }

    public Config withMail(MailOptions mail) {
        return new Config(host, port, dataDir, eventFile, adminToken, tls, newDatabase, mail, publicUrl, dropLists, database, trustedProxies);
    }

    public Config withPublicUrl(String publicUrl) {
        return new Config(host, port, dataDir, eventFile, adminToken, tls, newDatabase, mail, publicUrl, dropLists, database, trustedProxies);
    }

    public Config withDatabase(PostgresUrl database) {
        return new Config(host, port, dataDir, eventFile, adminToken, tls, newDatabase, mail, publicUrl, dropLists, database, trustedProxies);
    }

    public Config withTrustedProxies(List<String> trustedProxies) {
        return new Config(host, port, dataDir, eventFile, adminToken, tls, newDatabase, mail, publicUrl, dropLists, database, trustedProxies);
    }

    public Config withEvent(Path eventFile, Set<String> dropLists) {
        return new Config(host, port, dataDir, eventFile, adminToken, tls, newDatabase, mail, publicUrl, dropLists, database, trustedProxies);
    }

    public Config {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be 0-65535");
        }
        host = host == null ? "0.0.0.0" : host;
        dataDir = dataDir == null ? Path.of("data") : dataDir;
        mail = mail == null ? MailOptions.OUTBOX : mail;
        publicUrl = publicUrl == null ? null : PublicOrigin.check(publicUrl);
        dropLists = dropLists == null ? Set.of() : Set.copyOf(dropLists);
        trustedProxies = trustedProxies == null ? List.of() : ClientAddress.check(trustedProxies);
    }

    /** A record's own {@code toString} would print the SMTP password; this one cannot. */
    @Override
    public String toString() {
        return "Config[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", eventFile=" + eventFile
                + ", adminToken=" + (adminToken == null ? "from the data folder" : "***") + ", tls=" + tls
                + ", newDatabase=" + newDatabase + ", mail=" + mail + ", publicUrl=" + publicUrl + ", dropLists=" + dropLists
                + ", database=" + (database == null ? "SQLite in the data folder" : database) + ", trustedProxies=" + trustedProxies + "]";
    }

    /** Reads the command line (see {@link #usage()}) and the environment variables it names. */
    public static Config fromArgs(String[] args, Map<String, String> env) {
        String adminTokenFromEnv = env.get(AdminToken.ENV);
        int port = DEFAULT_PORT;
        Path data = null;
        Path event = null;
        String host = null;
        Path tlsCert = null;
        Path tlsKey = null;
        boolean selfSigned = false;
        int tlsPort = DEFAULT_TLS_PORT;
        boolean newDatabase = false;
        String smtp = env.get(SMTP_ENV);
        String from = env.get(MAIL_FROM_ENV);
        Path smtpCa = null;
        double mailRate = MailOptions.DEFAULT_PER_SECOND;
        String publicUrl = null;
        Set<String> dropLists = Set.of();
        String db = env.get(DB_ENV);
        List<String> trustedProxies = List.of();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new IllegalArgumentException(usage());
            }
            if (flag.equals("--tls-self-signed")) {
                selfSigned = true;
                continue;
            }
            if (flag.equals("--new-database")) {
                newDatabase = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value\n" + usage());
            }
            String value = args[++i];
            switch (flag) {
                case "--port" -> port = number(flag, value);
                case "--tls-port" -> tlsPort = number(flag, value);
                case "--tls-cert" -> tlsCert = Path.of(value);
                case "--tls-key" -> tlsKey = Path.of(value);
                case "--data" -> data = Path.of(value);
                case "--event" -> event = Path.of(value);
                case "--host" -> host = value;
                case "--smtp" -> smtp = value;
                case "--mail-from" -> from = value;
                case "--smtp-ca" -> smtpCa = Path.of(value);
                case "--mail-rate" -> mailRate = rate(value);
                case "--public-url" -> publicUrl = value;
                case "--drop-lists" -> dropLists = Set.of(value.split("\\s*,\\s*"));
                case "--db" -> db = value;
                case "--trusted-proxy" -> trustedProxies = List.of(value.split("\\s*,\\s*"));
                default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + usage());
            }
        }
        TlsOptions tls = selfSigned || tlsCert != null || tlsKey != null ? new TlsOptions(tlsCert, tlsKey, selfSigned, tlsPort) : null;
        MailOptions mail = new MailOptions(smtp == null || smtp.isBlank() ? null : SmtpUrl.parse(smtp), from, smtpCa, mailRate,
                MailOptions.DEFAULT_FIRST_RETRY);
        PostgresUrl database = db == null || db.isBlank() ? null : PostgresUrl.parse(db);
        return new Config(host, port, data, event, adminTokenFromEnv, tls, newDatabase, mail, publicUrl, dropLists, database, trustedProxies);
    }

    private static double rate(String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--mail-rate takes mails per second, not '" + value + "'");
        }
    }

    private static int number(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes a number, not '" + value + "'");
        }
    }

    static String usage() {
        return """
                usage: java -jar target/usher.jar [--port N] [--data DIR] [--event FILE] [--host ADDR]
                                                  [--tls-self-signed | --tls-cert PEM --tls-key PEM] [--tls-port N]
                                                  [--new-database] [--smtp URL --mail-from ADDR] [--smtp-ca PEM]
                                                  [--mail-rate N] [--public-url URL] [--drop-lists ID,ID]
                                                  [--db postgresql://user:pass@host:5432/usher] [--trusted-proxy ADDR,ADDR]
                  --port   port to listen on (default 7070)
                  --data   folder for the database, event key and admin token (default ./data)
                  --event  event file (JSON, see README); the data folder keeps it, so later starts need no --event;
                           given to a folder that has an event, its changes are applied (and listed) when safe.
                           Default on a new folder: the embedded "Serverless: an inside look"
                  --host   address to bind (default 0.0.0.0: reachable from kiosks on the venue network)
                  --tls-self-signed      also serve HTTPS from a local CA kept in the data folder (devices trust it at /trust/)
                  --tls-cert/--tls-key   also serve HTTPS with this certificate chain and PKCS#8 key (PEM)
                  --tls-port             the HTTPS port (default 7443); cameras on other devices need HTTPS
                  --new-database         start an empty database although the data folder has an event key
                                         (only after a lost database that cannot be restored from backups/)
                  --smtp         the relay for ticket mails: smtp://user:pass@host:587 (STARTTLS), smtps://user:pass@host:465,
                                 smtp://127.0.0.1:2525 (local relay); without it mails are written to data/outbox/
                  --mail-from    the sender, e.g. "Serverless Oakland <tickets@example.org>" (required with --smtp)
                  --smtp-ca      a PEM certificate to trust for the relay (a relay with a self-signed certificate)
                  --mail-rate    mails per second the sender hands to the relay (default 5)
                  --drop-lists   with --event: allow removing these talks' check-in lists although they have check-ins
                  --db           keep everything in this PostgreSQL database instead of SQLite in the data folder,
                                 so several Usher nodes can share one event (the data folder keeps TLS files and logs)
                  --public-url   where attendees reach this Usher, for the links in mails (default: the address
                                 the request came in on; localhost becomes this machine's LAN address); with --db,
                                 each node's own address, which kiosks move to when their node stops answering
                  --trusted-proxy  your reverse proxies' addresses or ranges (10.0.0.5,10.0.1.0/24): behind them the
                                 per-address limits count the client X-Forwarded-For names, not the proxy
                environment: USHER_ADMIN_TOKEN sets the admin token instead of data/admin-token;
                             USHER_SMTP_URL, USHER_MAIL_FROM and USHER_DB_URL stand for --smtp, --mail-from and --db
                             (the environment keeps passwords out of the process list)""";
    }
}
