package dev.usher.kiosk;

import java.time.Instant;

/** A kiosk (or viewer) device as staff see it. The token itself is shown once, at creation. */
public record Device(String id, String name, String role, Instant createdAt, Instant revokedAt, Instant lastSeen) {
}
