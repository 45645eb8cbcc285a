package dev.usher.auth;

/** The caller behind a token; {@code deviceId} is what scans and check-ins are attributed to. */
public record Principal(Role role, String deviceId, String name) {
    public static final Principal ADMIN = new Principal(Role.ADMIN, "admin", "Staff");
}
