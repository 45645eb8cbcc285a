package dev.usher;

import java.nio.file.Path;

/**
 * How this process runs.
 *
 * @param eventFile null for the embedded default event
 * @param adminToken from {@code USHER_ADMIN_TOKEN}; null to use (or create) the one in the data folder
 * @param newDatabase start an empty database in a data folder whose database is missing but whose
 *                    event key is there ({@code --new-database}); without it Usher refuses, since
 *                    that is what a lost or deleted database looks like
 */
public record Config(String host, int port, Path dataDir, Path eventFile, String adminToken, TlsOptions tls,
                     boolean newDatabase) {
    public static final int DEFAULT_PORT = 7070;
    public static final int DEFAULT_TLS_PORT = 7443;

    /**
     * HTTPS beside plain HTTP: either the organizer's PEM files or a self-signed certificate.
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

    public Config {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be 0-65535");
        }
        host = host == null ? "0.0.0.0" : host;
        dataDir = dataDir == null ? Path.of("data") : dataDir;
    }

    /** Reads {@code [--port N] [--data DIR] [--event FILE] [--host ADDR]}. */
    public static Config fromArgs(String[] args, String adminTokenFromEnv) {
        int port = DEFAULT_PORT;
        Path data = null;
        Path event = null;
        String host = null;
        Path tlsCert = null;
        Path tlsKey = null;
        boolean selfSigned = false;
        int tlsPort = DEFAULT_TLS_PORT;
        boolean newDatabase = false;
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
                default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + usage());
            }
        }
        TlsOptions tls = selfSigned || tlsCert != null || tlsKey != null ? new TlsOptions(tlsCert, tlsKey, selfSigned, tlsPort) : null;
        return new Config(host, port, data, event, adminTokenFromEnv, tls, newDatabase);
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
                                                  [--new-database]
                  --port   port to listen on (default 7070)
                  --data   folder for the database, event key and admin token (default ./data)
                  --event  event file (JSON, see README); default: the embedded "Serverless: an inside look"
                  --host   address to bind (default 0.0.0.0: reachable from kiosks on the venue network)
                  --tls-self-signed      also serve HTTPS with a certificate made and kept in the data folder
                  --tls-cert/--tls-key   also serve HTTPS with this certificate chain and PKCS#8 key (PEM)
                  --tls-port             the HTTPS port (default 7443); cameras on other devices need HTTPS
                  --new-database         start an empty database although the data folder has an event key
                                         (only after a lost database that cannot be restored from backups/)
                environment: USHER_ADMIN_TOKEN sets the admin token instead of data/admin-token""";
    }
}
