package dev.usher.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * {@code GET /api/event}: what the public pages and kiosks show, the key kiosks verify with, and the
 * vocabulary (reason wordings, limits) the other features publish for the pages.
 */
public final class EventController {
    /** The event never changes while Usher runs: its JSON is built once. */
    private final byte[] body;

    public EventController(Event event, String publicKeySpki, Object vocabulary, ObjectMapper json) {
        try {
            this.body = json.writeValueAsBytes(view(event, publicKeySpki, vocabulary));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the event always serializes", e);
        }
    }

    record View(String name, LocalDate date, String timezone, Event.Venue venue, String summary, LocalTime doorsOpen,
                String doorsOpenAt, String endsAt, boolean registrationOpen, Event.Registration registration,
                List<Event.AgendaItem> agenda, List<TalkView> talks,
                List<Event.CheckInList> lists, PublicKey publicKey, Object vocabulary) {
    }

    record TalkView(String id, String title, String speaker, LocalTime start, LocalTime end,
                    @JsonProperty("abstract") String abstractText, String speakerBio) {
    }

    record PublicKey(String alg, String spki) {
    }

    public void get(Context ctx) {
        ctx.contentType("application/json").result(body);
    }

    private static View view(Event event, String publicKeySpki, Object vocabulary) {
        List<TalkView> talks = event.talks().stream()
                .map(t -> new TalkView(t.id(), t.title(), t.speaker(), t.start(), t.end(), t.abstractText(), t.speakerBio()))
                .toList();
        return new View(event.name(), event.date(), event.timezone().getId(), event.venue(), event.summary(),
                event.doorsOpen(), event.doorsOpenAt().toOffsetDateTime().toString(), event.endsAt().toOffsetDateTime().toString(),
                event.registrationOpen(), event.registration(),
                event.agenda(), talks, event.checkInLists(), new PublicKey("Ed25519", publicKeySpki), vocabulary);
    }
}
