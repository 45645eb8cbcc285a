package dev.usher.checkin;

import dev.usher.auth.Principal;
import dev.usher.store.Database;
import dev.usher.store.RandomIds;
import dev.usher.ticket.Attendee;
import dev.usher.ticket.IssuedTicket;
import dev.usher.ticket.MailQueue;
import dev.usher.ticket.TicketService;
import dev.usher.ticket.TicketView;

import java.util.Map;

/**
 * Someone at the door without a ticket: staff issue one and admit it in one transaction, so there
 * is never a ticket without its entry or an entry without its ticket.
 */
public final class WalkIns {
    /** RFC 2606's reserved top-level domain: no mail is ever sent there. */
    public static final String NO_ADDRESS_DOMAIN = "walk-in.invalid";

    private final Database db;
    private final TicketService tickets;
    private final CheckInService checkIns;
    private final RandomIds ids;
    private final MailQueue mail;

    public WalkIns(Database db, TicketService tickets, CheckInService checkIns, RandomIds ids, MailQueue mail) {
        this.db = db;
        this.tickets = tickets;
        this.checkIns = checkIns;
        this.ids = ids;
        this.mail = mail;
    }

    /** @param ticket as staff see it, with its mail state (queued when it was mailed) */
    public record Result(TicketView ticket, Verdict verdict) {
    }

    /**
     * @param email       null or blank: the ticket gets an address that takes no mail
     * @param mailBaseUrl with an email, the ticket is mailed too (null: not)
     */
    public Result admit(Principal by, String name, String email, String list, String mailBaseUrl) {
        boolean hasEmail = email != null && !email.isBlank();
        String address = hasEmail ? email : "walk-in-" + ids.id().toLowerCase(java.util.Locale.ROOT) + "@" + NO_ADDRESS_DOMAIN;
        IssuedTicket prepared = tickets.prepare(Attendee.of(name, address, Map.of("walk-in", "yes")));
        Verdict verdict = db.write(c -> {
            IssuedTicket issued = tickets.issueWithin(c, prepared, hasEmail ? mailBaseUrl : null);
            // An unknown list throws here, and the ticket above is rolled back with it.
            return checkIns.checkInWithin(c, by, new CheckInRequest(null, issued.ticket().id(), list, "entry", null, null, null));
        });
        if (hasEmail && mailBaseUrl != null) {
            mail.wakeSender();
        }
        return new Result(tickets.view(prepared), verdict);
    }
}
