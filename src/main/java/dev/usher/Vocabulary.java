package dev.usher;

import dev.usher.auth.Role;
import dev.usher.checkin.Direction;
import dev.usher.checkin.Reason;
import dev.usher.event.Event;
import dev.usher.ticket.Listing;
import dev.usher.ticket.MailState;
import dev.usher.ticket.TicketCode;
import dev.usher.ticket.TicketService;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The facts the pages must not keep copies of, published in {@code GET /api/event}: each reason's
 * wire name and wording, list and role names, search limits, the shape of a ticket code, the
 * wording of a ticket mail's states, the headline of an offline conflict, the attendee list's filters
 * and orders (wire name to wording, in the order a page offers them), and the greeting of an admitted
 * scan per direction ({@code "Welcome, {name}"}: the kiosk greets with it offline).
 */
record Vocabulary(String mainList, Map<String, ReasonView> reasons, String conflict, List<String> directions,
                  Map<String, String> greetings, List<String> roles,
                  Search search, CodeShape ticketCode, Map<String, String> mailStates,
                  Map<String, String> attendeeStatuses, Map<String, String> attendeeSorts) {

    record ReasonView(String wording, String tone, String advice) {
    }

    record Search(int minChars, int maxResults) {
    }

    record CodeShape(int length, String alphabet, String prefix) {
    }

    static Vocabulary current() {
        Map<String, ReasonView> reasons = new LinkedHashMap<>();
        for (Reason r : Reason.values()) {
            reasons.put(r.wire(), new ReasonView(r.wording(), r.tone().name().toLowerCase(Locale.ROOT), r.advice()));
        }
        return new Vocabulary(Event.MAIN_LIST, reasons, Reason.CONFLICT_WORDING,
                Arrays.stream(Direction.values()).map(Direction::wire).toList(),
                wordings(Direction.values(), Direction::wire, Direction::greeting),
                Arrays.stream(Role.values()).filter(r -> r != Role.ANYONE).map(Role::wire).toList(),
                new Search(TicketService.SEARCH_MIN_CHARS, TicketService.SEARCH_MAX_RESULTS),
                new CodeShape(TicketCode.LENGTH, TicketCode.ALPHABET, TicketCode.PREFIX),
                mailStateWordings(),
                wordings(Listing.Status.values(), Listing.Status::wire, Listing.Status::wording),
                wordings(Listing.Sort.values(), Listing.Sort::wire, Listing.Sort::wording));
    }

    private static <E> Map<String, String> wordings(E[] values, Function<E, String> wire, Function<E, String> wording) {
        Map<String, String> words = new LinkedHashMap<>();
        for (E v : values) {
            words.put(wire.apply(v), wording.apply(v));
        }
        return words;
    }

    private static Map<String, String> mailStateWordings() {
        Map<String, String> states = new LinkedHashMap<>();
        for (MailState s : MailState.values()) {
            states.put(s.wire(), s.wording());
        }
        return states;
    }
}
