package dev.usher.device;

import dev.usher.auth.Role;

import java.time.Instant;

/** A kiosk (or viewer) device as staff see it. The token itself is shown once, at creation. */
public record Device(String id, String name, Role role, Instant createdAt, Instant revokedAt, Instant lastSeen) {
}
