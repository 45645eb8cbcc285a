package dev.usher.hook;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Something a webhook is told about. {@code data} is the thin payload (ids, names, list, times),
 * in the order given; the attendee's email is looked up and added only for endpoints that asked
 * for it.
 *
 * @param ticketId whose email an opted-in endpoint gets; null when the event has no ticket
 */
public record HookEvent(HookType type, Instant at, Map<String, Object> data, String ticketId) {
    public HookEvent {
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }
}
