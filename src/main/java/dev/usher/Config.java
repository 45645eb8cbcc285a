package dev.usher;

import java.nio.file.Path;

/**
 * How this process runs.
 *
 * @param eventFile null for the embedded default event
 * @param adminToken from {@code USHER_ADMIN_TOKEN}; null to use (or create) the one in the data folder
 */
public record Config(String host, int port, Path dataDir, Path eventFile, String adminToken) {
    public static final int DEFAULT_PORT = 7070;

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
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new IllegalArgumentException(usage());
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value\n" + usage());
            }
            String value = args[++i];
            switch (flag) {
                case "--port" -> {
                    try {
                        port = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--port takes a number, not '" + value + "'");
                    }
                }
                case "--data" -> data = Path.of(value);
                case "--event" -> event = Path.of(value);
                case "--host" -> host = value;
                default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + usage());
            }
        }
        return new Config(host, port, data, event, adminTokenFromEnv);
    }

    static String usage() {
        return """
                usage: java -jar target/usher.jar [--port N] [--data DIR] [--event FILE] [--host ADDR]
                  --port   port to listen on (default 7070)
                  --data   folder for the database, event key and admin token (default ./data)
                  --event  event file (JSON, see README); default: the embedded "Serverless: an inside look"
                  --host   address to bind (default 0.0.0.0: reachable from kiosks on the venue network)
                environment: USHER_ADMIN_TOKEN sets the admin token instead of data/admin-token""";
    }
}
