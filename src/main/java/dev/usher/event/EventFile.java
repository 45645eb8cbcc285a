package dev.usher.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/** Reads an event file (JSON, format in README) into an {@link Event}. */
public final class EventFile {
    public static final String SEED_RESOURCE = "/seed-event.json";

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The embedded default event: "Serverless: an inside look", Oakland, 21 Feb 2019. */
    public Event seed() {
        try (InputStream in = EventFile.class.getResourceAsStream(SEED_RESOURCE)) {
            if (in == null) {
                throw new InvalidEventException("the embedded event " + SEED_RESOURCE + " is missing from the build");
            }
            return parse(in, SEED_RESOURCE);
        } catch (IOException e) {
            throw new InvalidEventException("cannot read the embedded event: " + e.getMessage(), e);
        }
    }

    public Event load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new InvalidEventException("cannot read event file " + file + ": " + e.getMessage(), e);
        }
    }

    private Event parse(InputStream in, String origin) throws IOException {
        try {
            return mapper.readValue(in, Json.class).toEvent();
        } catch (InvalidEventException e) {
            throw new InvalidEventException(origin + ": " + e.getMessage());
        } catch (JacksonException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvalidEventException invalid) {
                throw new InvalidEventException(origin + ": " + invalid.getMessage());
            }
            throw new InvalidEventException(origin + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The file's shape; kept apart from {@link Event} so the file format can evolve on its own. */
    private record Json(
            String name, LocalDate date, String timezone, Event.Venue venue, String summary,
            LocalTime doorsOpen, LocalTime ends, Registration registration, Event.MailText mail,
            List<Event.AgendaItem> agenda, List<TalkJson> talks) {

        Event toEvent() {
            ZoneId zone;
            try {
                zone = timezone == null ? null : ZoneId.of(timezone);
            } catch (RuntimeException e) {
                throw new InvalidEventException("unknown timezone '" + timezone + "'");
            }
            Event.Registration r = registration == null ? Event.Registration.OPEN : new Event.Registration(
                    registration.open() == null || registration.open(), registration.confirmByEmail() != null && registration.confirmByEmail());
            List<Event.Talk> t = talks == null ? List.of() : talks.stream().map(TalkJson::toTalk).toList();
            return new Event(name, date, zone, venue, summary, doorsOpen, ends, r, mail, agenda, t);
        }
    }

    private record Registration(Boolean open, Boolean confirmByEmail) {
    }

    private record TalkJson(String id, String title, String speaker, LocalTime start, LocalTime end,
                            @JsonProperty("abstract") String abstractText, String speakerBio) {
        Event.Talk toTalk() {
            return new Event.Talk(id, title, speaker, start, end, abstractText, speakerBio);
        }
    }
}
