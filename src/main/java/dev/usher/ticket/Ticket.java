package dev.usher.ticket;

import java.time.Instant;
import java.util.Map;

/** An attendee's registration. The code is kept apart: it changes when a ticket is re-issued. */
public record Ticket(String id, String name, String email, Map<String, String> fields, Source source,
                     Instant createdAt, Instant cancelledAt) {

    public Ticket {
        fields = Map.copyOf(fields);
    }

    public enum Source { SELF, STAFF, IMPORT }

    public boolean cancelled() {
        return cancelledAt != null;
    }
}
