package dev.usher.store;

/** The database cannot take or serve work right now (disk full, file locked or corrupt, shut down). */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
