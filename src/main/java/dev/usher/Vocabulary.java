package dev.usher;

import dev.usher.auth.Role;
import dev.usher.checkin.Direction;
import dev.usher.checkin.Reason;
import dev.usher.event.Event;
import dev.usher.ticket.MailState;
import dev.usher.ticket.TicketCode;
import dev.usher.ticket.TicketService;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The facts the pages must not keep copies of, published in {@code GET /api/event}: each reason's
 * wire name and wording, list and role names, search limits, the shape of a ticket code, the
 * wording of a ticket mail's states, the headline of an offline conflict.
 */
record Vocabulary(String mainList, Map<String, ReasonView> reasons, String conflict, List<String> directions, List<String> roles,
                  Search search, CodeShape ticketCode, Map<String, String> mailStates) {

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
                Arrays.stream(Role.values()).filter(r -> r != Role.ANYONE).map(Role::wire).toList(),
                new Search(TicketService.SEARCH_MIN_CHARS, TicketService.SEARCH_MAX_RESULTS),
                new CodeShape(TicketCode.LENGTH, TicketCode.ALPHABET, TicketCode.PREFIX),
                mailStateWordings());
    }

    private static Map<String, String> mailStateWordings() {
        Map<String, String> states = new LinkedHashMap<>();
        for (MailState s : MailState.values()) {
            states.put(s.wire(), s.wording());
        }
        return states;
    }
}
