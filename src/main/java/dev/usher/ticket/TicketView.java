package dev.usher.ticket;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/** A ticket as staff and its holder see it over the API. */
public record TicketView(String id, String name, String email, Map<String, String> fields, String source,
                         Instant createdAt, boolean cancelled, String code, String url, MailStatus mail) {

    public static TicketView of(IssuedTicket t, MailStatus mail) {
        Ticket ticket = t.ticket();
        String code = t.code() == null ? null : t.code().text();
        return new TicketView(ticket.id(), ticket.name(), ticket.email(), ticket.fields(),
                ticket.source().name().toLowerCase(Locale.ROOT), ticket.createdAt(), ticket.cancelled(),
                code, code == null ? null : "/t/" + code, mail);
    }

    /**
     * For search results: enough to pick the right person at the door, no code.
     *
     * @param inside whether the ticket is in now, on the main list (a kiosk offers no Admit then)
     * @param mail   for staff; null (left out) for a kiosk
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Match(String id, String name, String email, boolean cancelled, boolean inside, MailStatus mail) {
        public static Match of(Ticket t, boolean inside, MailStatus mail) {
            return new Match(t.id(), t.name(), t.email(), t.cancelled(), inside, mail);
        }

        /** For a door kiosk: enough of the address to tell two Alex Smiths apart, not enough to harvest it. */
        public Match masked() {
            int at = email.indexOf('@');
            String user = at < 0 ? email : email.substring(0, at);
            String domain = at < 0 ? "" : email.substring(at + 1);
            return new Match(id, name, user.substring(0, Math.min(2, user.length())) + "…@" + domain, cancelled, inside, null);
        }
    }

    /**
     * A row of the whole list (the attendee desk), no code.
     *
     * @param arrivedAt the first standing entry on the listed check-in list, or null
     * @param inside    whether the ticket is in now, on that list
     * @param checkinId the latest standing entry on that list, or null: annulled, it takes the arrival back
     *                  (the server annuls only a ticket's latest movement, so while the guest is inside)
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Row(String id, String name, String email, Map<String, String> fields, String source, Instant createdAt,
                      boolean cancelled, Instant arrivedAt, boolean inside, Long checkinId, MailStatus mail) {
        static Row of(Ticket t, TicketStore.DoorState door, MailStatus mail) {
            return new Row(t.id(), t.name(), t.email(), t.fields(), t.source().name().toLowerCase(Locale.ROOT), t.createdAt(),
                    t.cancelled(), door.arrivedAt(), door.inside(), door.checkinId(), mail);
        }
    }
}
