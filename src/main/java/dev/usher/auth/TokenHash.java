package dev.usher.auth;

import dev.usher.store.Sha256;

/** Tokens are kept only as SHA-256 hashes: a copied database file admits no one. */
public final class TokenHash {
    private TokenHash() {
    }

    public static byte[] of(String token) {
        return Sha256.of(token);
    }
}
