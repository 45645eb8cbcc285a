package dev.usher.web;

/**
 * A refusal the client can act on. Thrown anywhere, mapped once in {@code App} to
 * {@code {"error": code, "message": message}} with the given status.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final long retryAfterSeconds;

    public ApiError(int status, String code, String message) {
        this(status, code, message, 0);
    }

    private ApiError(int status, String code, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 429 with {@code Retry-After}. */
    public static ApiError tooManyRequests(String code, String message, long retryAfterSeconds) {
        return new ApiError(429, code, message, retryAfterSeconds);
    }

    /** Seconds the client should wait, or 0 when the answer carries no {@code Retry-After}. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ApiError badRequest(String code, String message) {
        return new ApiError(400, code, message);
    }

    public static ApiError notFound(String code, String message) {
        return new ApiError(404, code, message);
    }

    public static ApiError conflict(String code, String message) {
        return new ApiError(409, code, message);
    }

    public static ApiError forbidden(String code, String message) {
        return new ApiError(403, code, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The JSON body of every error answer. */
    public record Body(String error, String message) {
    }

    public Body body() {
        return new Body(code, getMessage());
    }

    /** The error code for an HTTP status that has no more specific one. */
    public static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "too_large";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            default -> "http_" + status;
        };
    }
}
