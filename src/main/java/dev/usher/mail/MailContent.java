package dev.usher.mail;

import dev.usher.event.Event;

import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * What one ticket mail says, whatever it is written in (HTML, plain text, PDF, calendar): the
 * organizer's words filled in, the evening's facts, and where the ticket is.
 *
 * @param ticketUrl the ticket page, absolute
 * @param code      the ticket code, as the QR code holds it
 */
record MailContent(Event event, String subject, String intro, String name, String email, String ticketUrl, String code,
                   boolean reissue) {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEEE, d MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

    static MailContent of(Event event, Due due) {
        String code = due.code().text();
        String intro = fill(event.mail().intro(), due.name(), event);
        return new MailContent(event, oneLine(due.subject()), intro, due.name(), due.email(),
                due.baseUrl() + "/t/" + code, code, due.kind() == dev.usher.ticket.MailKind.REISSUE);
    }

    /** The organizer's template with {@code {name}} and {@code {event}} filled in. */
    static String fill(String template, String name, Event event) {
        return template.replace("{name}", name).replace("{event}", event.name());
    }

    /** A header can hold no line break, whatever a name contains. */
    static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\t]+", " ").strip();
    }

    String date() {
        return DATE.format(event.date());
    }

    String doors() {
        return TIME.format(event.doorsOpen());
    }

    String time(java.time.LocalTime t) {
        return TIME.format(t);
    }

    /** "Downtown Oakland, 1 Main St, Oakland, US" without empty parts. */
    String venue() {
        Event.Venue v = event.venue();
        StringBuilder b = new StringBuilder(v.name());
        for (String part : new String[]{v.address(), v.city(), v.country()}) {
            if (!part.isBlank()) {
                b.append(", ").append(part);
            }
        }
        return b.toString();
    }
}
