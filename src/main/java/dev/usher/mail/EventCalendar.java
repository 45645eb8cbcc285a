package dev.usher.mail;

import dev.usher.event.Event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneOffsetTransitionRule;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * The evening as an iCalendar file (RFC 5545): one VEVENT in the event's own time zone, with that
 * zone's definition for the event's year, so a calendar shows the right hour wherever its owner is.
 */
final class EventCalendar {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private EventCalendar() {
    }

    static byte[] ics(MailContent m, String uid, Instant now) {
        Event e = m.event();
        String tz = e.timezone().getId();
        StringBuilder b = new StringBuilder();
        line(b, "BEGIN:VCALENDAR");
        line(b, "VERSION:2.0");
        line(b, "PRODID:-//Usher//Ticket mail//EN");
        line(b, "CALSCALE:GREGORIAN");
        line(b, "METHOD:PUBLISH");
        timezone(b, e);
        line(b, "BEGIN:VEVENT");
        line(b, "UID:" + uid);
        line(b, "DTSTAMP:" + UTC.format(now));
        line(b, "DTSTART;TZID=" + tz + ":" + LOCAL.format(e.doorsOpenAt().toLocalDateTime()));
        line(b, "DTEND;TZID=" + tz + ":" + LOCAL.format(e.endsAt().toLocalDateTime()));
        line(b, "SUMMARY:" + text(e.name()));
        line(b, "LOCATION:" + text(m.venue()));
        StringBuilder description = new StringBuilder("Doors " + m.doors());
        for (Event.AgendaItem item : e.agenda()) {
            description.append('\n').append(m.time(item.time())).append("  ").append(item.title());
        }
        description.append("\n\nYour ticket: ").append(m.ticketUrl());
        line(b, "DESCRIPTION:" + text(description.toString()));
        line(b, "URL:" + m.ticketUrl());
        line(b, "END:VEVENT");
        line(b, "END:VCALENDAR");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The zone as yearly rules (what calendar clients expect; some misread one-off observances),
     * each starting the year before the event so the event falls inside; a zone without daylight
     * time is its one offset.
     */
    private static void timezone(StringBuilder b, Event e) {
        ZoneRules rules = e.timezone().getRules();
        line(b, "BEGIN:VTIMEZONE");
        line(b, "TZID:" + e.timezone().getId());
        List<ZoneOffsetTransitionRule> yearly = rules.getTransitionRules();
        if (yearly.isEmpty()) {
            ZoneOffset offset = rules.getOffset(e.doorsOpenAt().toInstant());
            observance(b, "STANDARD", LocalDateTime.of(1970, 1, 1, 0, 0), offset, offset, null);
        }
        for (ZoneOffsetTransitionRule rule : yearly) {
            ZoneOffsetTransition first = rule.createTransition(e.date().getYear() - 1);
            boolean daylight = first.getOffsetAfter().getTotalSeconds() > rule.getStandardOffset().getTotalSeconds();
            observance(b, daylight ? "DAYLIGHT" : "STANDARD", first.getDateTimeBefore(), first.getOffsetBefore(),
                    first.getOffsetAfter(), recurrence(rule));
        }
        line(b, "END:VTIMEZONE");
    }

    /** The rule as an RRULE: "the second Sunday of March", "the last Sunday of October", "the Sunday on or after the 8th". */
    private static String recurrence(ZoneOffsetTransitionRule rule) {
        String rrule = "FREQ=YEARLY;BYMONTH=" + rule.getMonth().getValue();
        int day = rule.getDayOfMonthIndicator();
        if (rule.getDayOfWeek() == null) {
            return rrule + ";BYMONTHDAY=" + day;
        }
        String weekday = rule.getDayOfWeek().name().substring(0, 2);
        if (day == -1) {
            return rrule + ";BYDAY=-1" + weekday;
        }
        if (day > 0 && (day - 1) % 7 == 0) {
            return rrule + ";BYDAY=" + ((day - 1) / 7 + 1) + weekday;
        }
        StringBuilder days = new StringBuilder();
        for (int i = 0; i < 7; i++) {
            days.append(i == 0 ? "" : ",").append(day > 0 ? day + i : day - i);
        }
        return rrule + ";BYDAY=" + weekday + ";BYMONTHDAY=" + days;
    }

    private static void observance(StringBuilder b, String kind, LocalDateTime start, ZoneOffset from, ZoneOffset to, String rrule) {
        line(b, "BEGIN:" + kind);
        line(b, "DTSTART:" + LOCAL.format(start));
        if (rrule != null) {
            line(b, "RRULE:" + rrule);
        }
        line(b, "TZOFFSETFROM:" + offset(from));
        line(b, "TZOFFSETTO:" + offset(to));
        line(b, "END:" + kind);
    }

    private static String offset(ZoneOffset o) {
        int s = o.getTotalSeconds();
        int abs = Math.abs(s);
        return (s < 0 ? "-" : "+") + String.format("%02d%02d", abs / 3600, abs / 60 % 60);
    }

    /** TEXT values escape backslash, semicolon, comma and line breaks (RFC 5545 3.3.11). */
    static String text(String s) {
        return s.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
                .replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n");
    }

    /** Content lines end in CRLF and fold at 75 octets, never inside a UTF-8 sequence. */
    private static void line(StringBuilder b, String content) {
        int octets = 0;
        for (int i = 0; i < content.length(); ) {
            int cp = content.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (octets + size > 75) {
                b.append("\r\n ");
                octets = 1;
            }
            b.appendCodePoint(cp);
            octets += size;
            i += Character.charCount(cp);
        }
        b.append("\r\n");
    }
}
