package dev.usher.store;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code --db postgresql://user:pass@host:5432/usher} (or {@code USHER_DB_URL}): the PostgreSQL
 * database several Usher nodes share. {@code postgres://} is accepted too, as libpq does. Query
 * parameters pass to the JDBC driver ({@code ?sslmode=require}). Its {@code toString} never shows
 * the password.
 */
public record PostgresUrl(String host, int port, String database, String user, String password, String query) {
    public static final int DEFAULT_PORT = 5432;

    public static PostgresUrl parse(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (Exception e) {
            throw new IllegalArgumentException("--db is not a URL (postgresql://user:pass@host:5432/usher)");
        }
        String scheme = uri.getScheme();
        if (!"postgresql".equals(scheme) && !"postgres".equals(scheme) || uri.getHost() == null) {
            throw new IllegalArgumentException("--db takes postgresql://user[:pass]@host[:port]/database");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String database = path.startsWith("/") ? decode(path.substring(1)) : "";
        if (database.isEmpty() || database.contains("/")) {
            throw new IllegalArgumentException("--db names no database: postgresql://user[:pass]@host[:port]/database");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        if (user == null || user.isEmpty()) {
            throw new IllegalArgumentException("--db names no user: postgresql://user[:pass]@host[:port]/database");
        }
        return new PostgresUrl(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : DEFAULT_PORT, database, user, password,
                uri.getRawQuery());
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The driver's URL; user and password go beside it, not in it. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + (query == null ? "" : "?" + query);
    }

    /** The URL as given, password and all: for handing to another process (never for a log). */
    public String withPassword() {
        return "postgresql://" + encode(user) + (password == null ? "" : ":" + encode(password)) + "@" + host + ":" + port + "/"
                + encode(database) + (query == null ? "" : "?" + query);
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Where this is, for messages: no password. */
    public String where() {
        return host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "postgresql://" + user + (password == null ? "" : ":***") + "@" + where();
    }
}
