package dev.usher.hook;

import java.time.Instant;
import java.util.List;

/**
 * A registered endpoint. {@code previousSecret} is still signed with until {@code previousUntil}
 * after a rotation, so a receiver can switch secrets without losing a delivery.
 */
record Webhook(String id, String url, String description, List<HookType> events, boolean includeEmail, String secret,
               String previousSecret, Instant previousUntil, Instant createdAt, Instant disabledAt, String disabledReason) {

    boolean enabled() {
        return disabledAt == null;
    }

    boolean wants(HookType type) {
        return events.contains(type);
    }
}
