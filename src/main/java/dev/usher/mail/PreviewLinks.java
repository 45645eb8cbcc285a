package dev.usher.mail;

import dev.usher.store.RandomIds;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Short-lived links to a mail's preview. A frame cannot send the organizer's token, so the
 * dashboard asks for a link (with the token) and the frame opens it; the link ends after ten minutes.
 */
final class PreviewLinks {
    static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final int MAX_LINKS = 1000;

    private final RandomIds ids;
    private final Clock clock;
    private final Map<String, Link> links = new ConcurrentHashMap<>();

    record Link(String mailId, Instant expiresAt) {
    }

    PreviewLinks(RandomIds ids, Clock clock) {
        this.ids = ids;
        this.clock = clock;
    }

    record Created(String token, Instant expiresAt) {
    }

    Created create(String mailId) {
        Instant now = clock.instant();
        links.values().removeIf(l -> !l.expiresAt().isAfter(now));
        if (links.size() >= MAX_LINKS) {
            links.clear();
        }
        String token = ids.token();
        Link link = new Link(mailId, now.plus(LIFETIME));
        links.put(token, link);
        return new Created(token, link.expiresAt());
    }

    Optional<String> mailId(String token) {
        Link link = links.get(token);
        if (link == null || !link.expiresAt().isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(link.mailId());
    }
}
