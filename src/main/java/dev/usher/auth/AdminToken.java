package dev.usher.auth;

import dev.usher.store.DataFiles;
import dev.usher.store.Database;
import dev.usher.store.SecretStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The organizer's token: {@code USHER_ADMIN_TOKEN} if set, else the one in {@code data/admin-token}
 * (or, on PostgreSQL, in the shared database), made on first start. Only its hash stays in memory.
 */
public final class AdminToken {
    public static final String FILE = "admin-token";
    public static final String ENV = "USHER_ADMIN_TOKEN";
    /** Its name in the shared database. */
    public static final String SHARED = "admin-token";
    private static final Logger log = LoggerFactory.getLogger(AdminToken.class);
    private static final int MIN_LENGTH = 16;

    private final byte[] hash;
    private final String origin;

    private AdminToken(byte[] hash, String origin) {
        this.hash = hash;
        this.origin = origin;
    }

    /**
     * @param fromEnv the environment's token, or null
     * @param newToken supplies a fresh token when neither the environment nor the file has one
     */
    public static AdminToken resolve(String fromEnv, Path dataDir, Supplier<String> newToken) {
        if (fromEnv != null && !fromEnv.isBlank()) {
            if (fromEnv.strip().length() < MIN_LENGTH) {
                throw new IllegalArgumentException(ENV + " must have at least " + MIN_LENGTH + " characters.");
            }
            return new AdminToken(TokenHash.of(fromEnv.strip()), "the " + ENV + " environment variable");
        }
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                return new AdminToken(TokenHash.of(Files.readString(file, StandardCharsets.UTF_8).strip()), file.toAbsolutePath().toString());
            }
            String token = newToken.get();
            DataFiles.writeDurably(file, (token + "\n").getBytes(StandardCharsets.UTF_8));
            // Printed once, on the run that made it; later runs print only where it is kept.
            log.info("New admin token (also saved in {}): {}", file.toAbsolutePath(), token);
            return new AdminToken(TokenHash.of(token), file.toAbsolutePath().toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the admin token in " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * With several nodes on one PostgreSQL database: the environment's token, else the one the
     * database keeps (made by the first node to start), so every node takes the same token.
     */
    public static AdminToken shared(String fromEnv, Database db, SecretStore secrets, Supplier<String> newToken, long nowMillis) {
        if (fromEnv != null && !fromEnv.isBlank()) {
            return resolve(fromEnv, null, newToken);
        }
        Optional<byte[]> stored = db.read(c -> secrets.find(c, SHARED));
        if (stored.isPresent()) {
            return new AdminToken(TokenHash.of(new String(stored.get(), StandardCharsets.UTF_8)), "the database (secret " + SHARED + ")");
        }
        byte[] fresh = newToken.get().getBytes(StandardCharsets.UTF_8);
        byte[] kept = db.write(c -> secrets.keep(c, SHARED, fresh, nowMillis));
        String token = new String(kept, StandardCharsets.UTF_8);
        if (Arrays.equals(kept, fresh)) {
            log.info("New admin token (also kept in the database, secret {}): {}", SHARED, token);
        }
        return new AdminToken(TokenHash.of(token), "the database (secret " + SHARED + ")");
    }

    /** Constant-time comparison of hashes: the answer time says nothing about how close a guess was. */
    public boolean matches(String presented) {
        return MessageDigest.isEqual(hash, TokenHash.of(presented));
    }

    /** Where the token comes from, for the start-up message. */
    public String origin() {
        return origin;
    }
}
