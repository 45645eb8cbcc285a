package dev.usher.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;

/** Reads an event file (JSON, format in README) into an {@link Event}, and writes one back. */
public final class EventFile {
    public static final String SEED_RESOURCE = "/seed-event.json";

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** The embedded default event: "Serverless: an inside look", Oakland, 21 Feb 2019. */
    public Event seed() {
        try (InputStream in = EventFile.class.getResourceAsStream(SEED_RESOURCE)) {
            if (in == null) {
                throw new InvalidEventException("the embedded event " + SEED_RESOURCE + " is missing from the build");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), SEED_RESOURCE);
        } catch (IOException e) {
            throw new InvalidEventException("cannot read the embedded event: " + e.getMessage(), e);
        }
    }

    public Event load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new InvalidEventException("cannot read event file " + file + ": " + e.getMessage(), e);
        }
    }

    /** @param origin what to name in a message: the file, or where the text came from; null for nothing */
    public Event parse(String text, String origin) {
        String from = origin == null ? "" : origin + ": ";
        try {
            return mapper.readValue(text, Json.class).toEvent();
        } catch (InvalidEventException e) {
            throw new InvalidEventException(from + e.getMessage());
        } catch (JacksonException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvalidEventException invalid) {
                throw new InvalidEventException(from + invalid.getMessage());
            }
            throw new InvalidEventException(from + explain(e), e);
        }
    }

    /** The event in the event file's own form: what the data folder keeps. */
    public String write(Event e) {
        Json json = new Json(e.name(), e.date(), e.timezone().getId(), e.venue(), e.summary(), e.doorsOpen(), e.ends(),
                new Registration(e.registration().open(), e.registration().confirmByEmail(), e.registration().capacity()), e.mail(), e.agenda(),
                e.talks().stream().map(TalkJson::of).toList());
        try {
            return mapper.writeValueAsString(json);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("an event always serializes", ex);
        }
    }

    /** A sentence for an organizer: which field, what it holds, what it should hold. No class names. */
    static String explain(JacksonException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
            return "unknown field \"" + u.getPropertyName() + "\"" + where(u.getPath(), true) + " (the fields here are: " + known + ")";
        }
        if (e instanceof InvalidFormatException f) {
            return field(f.getPath()) + ": " + quoted(f.getValue()) + " is not " + expected(f.getTargetType());
        }
        if (e instanceof MismatchedInputException m) {
            return field(m.getPath()) + ": expected " + expected(m.getTargetType());
        }
        String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        return "not valid JSON" + where + ": " + e.getOriginalMessage();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "a value of the right kind";
        }
        if (type == LocalTime.class) {
            return "a time; write HH:MM, e.g. \"19:00\"";
        }
        if (type == LocalDate.class) {
            return "a date; write YYYY-MM-DD, e.g. \"2026-12-01\"";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "text in quotes";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list [ ... ]";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        return "an object { ... }";
    }

    private static String quoted(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    private static String field(List<JsonMappingException.Reference> path) {
        String p = path(path);
        return p.isEmpty() ? "the file" : p;
    }

    private static String where(List<JsonMappingException.Reference> path, boolean dropLast) {
        String p = path(dropLast && !path.isEmpty() ? path.subList(0, path.size() - 1) : path);
        return p.isEmpty() ? "" : " in " + p;
    }

    /** "talks[1].start". */
    private static String path(List<JsonMappingException.Reference> path) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : path) {
            if (r.getFieldName() != null) {
                b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    /** The file's shape; kept apart from {@link Event} so the file format can evolve on its own. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record Json(
            String name, LocalDate date, String timezone, Event.Venue venue, String summary,
            LocalTime doorsOpen, LocalTime ends, Registration registration, Event.MailText mail,
            List<Event.AgendaItem> agenda, List<TalkJson> talks) {

        Event toEvent() {
            ZoneId zone;
            try {
                zone = timezone == null ? null : ZoneId.of(timezone);
            } catch (RuntimeException e) {
                throw new InvalidEventException("timezone: unknown time zone '" + timezone + "'; write a region such as \"Europe/Berlin\"");
            }
            Event.Registration r = registration == null ? Event.Registration.OPEN : new Event.Registration(
                    registration.open() == null || registration.open(), registration.confirmByEmail() != null && registration.confirmByEmail(),
                    registration.capacity());
            List<Event.Talk> t = talks == null ? List.of() : talks.stream().map(TalkJson::toTalk).toList();
            return new Event(name, date, zone, venue, summary, doorsOpen, ends, r, mail, agenda, t);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record Registration(Boolean open, Boolean confirmByEmail, Integer capacity) {
    }

    private record TalkJson(String id, String title, String speaker, LocalTime start, LocalTime end,
                            @JsonProperty("abstract") String abstractText, String speakerBio) {
        Event.Talk toTalk() {
            return new Event.Talk(id, title, speaker, start, end, abstractText, speakerBio);
        }

        static TalkJson of(Event.Talk t) {
            return new TalkJson(t.id(), t.title(), t.speaker(), t.start(), t.end(), t.abstractText(), t.speakerBio());
        }
    }
}
