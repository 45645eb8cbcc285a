package dev.usher.event;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The evening Usher serves: what the event file says, checked once when it is loaded. */
public record Event(
        String name,
        LocalDate date,
        ZoneId timezone,
        Venue venue,
        String summary,
        LocalTime doorsOpen,
        LocalTime ends,
        Registration registration,
        MailText mail,
        List<AgendaItem> agenda,
        List<Talk> talks) {

    public static final String MAIN_LIST = "main";
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    public Event {
        require(name != null && !name.isBlank(), "name is required");
        require(date != null, "date is required (YYYY-MM-DD)");
        require(timezone != null, "timezone is required (e.g. America/Los_Angeles)");
        require(venue != null, "venue is required");
        require(doorsOpen != null, "doorsOpen is required (HH:MM)");
        summary = summary == null ? "" : summary;
        registration = registration == null ? Registration.OPEN : registration;
        mail = mail == null ? MailText.DEFAULT : mail;
        agenda = List.copyOf(agenda == null ? List.of() : agenda);
        talks = List.copyOf(talks == null ? List.of() : talks);
        Set<String> ids = new HashSet<>();
        for (Talk t : talks) {
            require(SLUG.matcher(t.id()).matches(), "talk id '" + t.id() + "' must be lower-case letters, digits and dashes");
            require(!MAIN_LIST.equals(t.id()), "talk id 'main' is taken by the main door list");
            require(ids.add(t.id()), "talk id '" + t.id() + "' is used twice");
        }
    }

    /**
     * @param confirmByEmail the registration page never shows the ticket: it goes only to the
     *                       address given, so nobody can hold a seat with someone else's address
     */
    /**
     * @param capacity at most this many tickets (not cancelled) through the public form, then "sold
     *                 out"; null for no limit. Staff can still issue and import past it.
     */
    public record Registration(boolean open, boolean confirmByEmail, Integer capacity) {
        public static final Registration OPEN = new Registration(true, false, null);

        public Registration {
            require(capacity == null || capacity > 0, "registration.capacity must be a positive number of places");
        }
    }

    /** The organizer's words for the ticket mail; {@code {name}} and {@code {event}} are filled in. */
    public record MailText(String subject, String intro) {
        public static final MailText DEFAULT = new MailText(null, null);

        public MailText {
            subject = subject == null || subject.isBlank() ? "Your ticket for {event}" : subject.strip();
            intro = intro == null || intro.isBlank() ? "Hi {name}, here is your ticket for {event}. Show the QR code at the door." : intro.strip();
            require(subject.length() <= 200 && !subject.contains("\n") && !subject.contains("\r"), "mail.subject must be one line of at most 200 characters");
            require(intro.length() <= 2000, "mail.intro must be at most 2000 characters");
        }
    }

    public record Venue(String name, String address, String city, String country) {
        public Venue {
            require(name != null && !name.isBlank(), "venue.name is required");
            address = address == null ? "" : address;
            city = city == null ? "" : city;
            country = country == null ? "" : country;
        }
    }

    public record AgendaItem(LocalTime time, String title) {
        public AgendaItem {
            require(time != null, "every agenda item needs a time (HH:MM)");
            require(title != null && !title.isBlank(), "every agenda item needs a title");
        }
    }

    public record Talk(String id, String title, String speaker, LocalTime start, LocalTime end, String abstractText, String speakerBio) {
        public Talk {
            require(id != null, "every talk needs an id");
            require(title != null && !title.isBlank(), "talk '" + id + "' needs a title");
            require(start != null, "talk '" + id + "' needs a start time (HH:MM)");
            require(end == null || end.isAfter(start), "talk '" + id + "' ends (" + end + ") before it starts (" + start + ")");
            speaker = speaker == null ? "" : speaker;
            abstractText = abstractText == null ? "" : abstractText;
            speakerBio = speakerBio == null ? "" : speakerBio;
        }
    }

    /** A door or room where tickets are scanned; each counts arrivals on its own. */
    public record CheckInList(String id, String name) {
    }

    /** The main door first, then one list per talk. */
    public List<CheckInList> checkInLists() {
        List<CheckInList> lists = new ArrayList<>();
        lists.add(new CheckInList(MAIN_LIST, "Main door"));
        talks.forEach(t -> lists.add(new CheckInList(t.id(), t.title())));
        return List.copyOf(lists);
    }

    public Optional<CheckInList> checkInList(String id) {
        return checkInLists().stream().filter(l -> l.id().equals(id)).findFirst();
    }

    public ZonedDateTime doorsOpenAt() {
        return ZonedDateTime.of(date, doorsOpen, timezone);
    }

    public boolean registrationOpen() {
        return registration.open();
    }

    /**
     * When the evening ends: the event file's {@code ends}, else the latest of the talks' ends and the
     * agenda's last item ("Event conclusion"), else three hours after doors. An end before doors is
     * past midnight.
     */
    public ZonedDateTime endsAt() {
        LocalTime end = ends;
        if (end == null) {
            end = java.util.stream.Stream.concat(
                            talks.stream().map(t -> t.end() == null ? t.start() : t.end()),
                            agenda.stream().map(AgendaItem::time))
                    .max(LocalTime::compareTo).orElse(null);
        }
        ZonedDateTime doors = doorsOpenAt();
        if (end == null) {
            return doors.plusHours(3);
        }
        ZonedDateTime at = ZonedDateTime.of(date, end, timezone);
        return at.isAfter(doors) ? at : at.plusDays(1);
    }

    private static void require(boolean ok, String problem) {
        if (!ok) {
            throw new InvalidEventException(problem);
        }
    }
}
