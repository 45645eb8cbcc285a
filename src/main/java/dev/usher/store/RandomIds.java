package dev.usher.store;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Unguessable identifiers and secrets: row ids that reveal no count, tokens that cannot be guessed. */
public final class RandomIds {
    private final SecureRandom random;

    public RandomIds(SecureRandom random) {
        this.random = random;
    }

    /** A 20-character hex id (80 random bits). */
    public String id() {
        byte[] bytes = new byte[10];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** A bearer token with 256 random bits, URL-safe. */
    public String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
