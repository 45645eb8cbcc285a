package dev.usher.ticket;

import dev.usher.hook.HookEvent;
import dev.usher.hook.HookType;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What webhooks hear of tickets: ids, names and what changed; no email (opted-in endpoints get it added). */
final class TicketHooks {
    private TicketHooks() {
    }

    static HookEvent created(Ticket t, Instant now) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ticketId", t.id());
        data.put("name", t.name());
        data.put("source", t.source().name().toLowerCase(java.util.Locale.ROOT));
        return new HookEvent(HookType.TICKET_CREATED, now, data, t.id());
    }

    /** @param changed the fields that changed: name, email */
    static HookEvent updated(Ticket t, List<String> changed, Instant now) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ticketId", t.id());
        data.put("name", t.name());
        data.put("changed", changed);
        return new HookEvent(HookType.TICKET_UPDATED, now, data, t.id());
    }

    /** The old code stops working; {@code reissued}: a new one was issued, else the ticket is cancelled. */
    static HookEvent revoked(Ticket t, boolean reissued, Instant now) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ticketId", t.id());
        data.put("name", t.name());
        data.put("reissued", reissued);
        data.put("cancelled", !reissued);
        return new HookEvent(HookType.TICKET_REVOKED, now, data, t.id());
    }
}
