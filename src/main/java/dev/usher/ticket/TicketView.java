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
     * @param mail for staff; null (left out) for a kiosk
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Match(String id, String name, String email, boolean cancelled, MailStatus mail) {
        public static Match of(Ticket t, MailStatus mail) {
            return new Match(t.id(), t.name(), t.email(), t.cancelled(), mail);
        }

        /** For a door kiosk: enough of the address to tell two Alex Smiths apart, not enough to harvest it. */
        public Match masked() {
            int at = email.indexOf('@');
            String user = at < 0 ? email : email.substring(0, at);
            String domain = at < 0 ? "" : email.substring(at + 1);
            return new Match(id, name, user.substring(0, Math.min(2, user.length())) + "…@" + domain, cancelled, null);
        }
    }
}
