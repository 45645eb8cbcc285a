package dev.usher.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.auth.AccessGuard;
import dev.usher.web.ApiError;
import dev.usher.web.Json;
import io.javalin.http.Context;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code GET /api/event}: what the public pages and kiosks show, the key kiosks verify with, and the
 * vocabulary (reason wordings, limits) the other features publish for the pages. Staff read and
 * replace the event file itself at {@code /api/event/file} and {@code PUT /api/event}. Every answer
 * carries the revision as its entity tag, so pages that poll get a 304 until something changes
 * and an editor cannot overwrite an edit it has not seen.
 */
public final class EventController {
    private final CurrentEvent current;
    private final EventEditor editor;
    private final String publicKeySpki;
    private final Object vocabulary;
    private final ObjectMapper json;
    /** The public JSON of one revision: built once per change, not per request. */
    private volatile Built built;

    private record Built(String revision, byte[] body) {
    }

    public EventController(CurrentEvent current, EventEditor editor, String publicKeySpki, Object vocabulary, ObjectMapper json) {
        this.current = current;
        this.editor = editor;
        this.publicKeySpki = publicKeySpki;
        this.vocabulary = vocabulary;
        this.json = json;
    }

    record View(String revision, String name, LocalDate date, String timezone, Event.Venue venue, String summary, LocalTime doorsOpen,
                String doorsOpenAt, String endsAt, boolean registrationOpen, Event.Registration registration,
                List<Event.AgendaItem> agenda, List<TalkView> talks,
                List<Event.CheckInList> lists, PublicKey publicKey, Object vocabulary) {
    }

    record TalkView(String id, String title, String speaker, LocalTime start, LocalTime end,
                    @JsonProperty("abstract") String abstractText, String speakerBio) {
    }

    record PublicKey(String alg, String spki) {
    }

    record Saved(String revision, List<String> changes) {
    }

    record ListsHaveCheckIns(String error, String message, Map<String, Long> lists) {
    }

    public void get(Context ctx) {
        Built b = built();
        if (tagged(ctx, b.revision())) {
            ctx.contentType("application/json").result(b.body());
        }
    }

    /** {@code GET /api/event/file}: the event in the event file's own form, to edit. */
    public void file(Context ctx) {
        CurrentEvent.Version v = editor.version();
        if (tagged(ctx, v.revision())) {
            ctx.contentType("application/json").result(v.definition());
        }
    }

    /**
     * {@code PUT /api/event}: the whole event file. {@code If-Match} (the revision the form was
     * loaded at) refuses to overwrite someone else's edit; {@code ?dropLists=a,b} confirms removing
     * lists that have check-ins.
     */
    public void replace(Context ctx) {
        String text = Json.text(ctx);
        if (text.isBlank()) {
            throw ApiError.badRequest("bad_json", "Send the event as JSON, in the event file's form (GET /api/event/file).");
        }
        Json.requireJsonContentType(ctx);
        String expected = ifMatch(ctx.header("If-Match"));
        Set<String> drop = ctx.queryParam("dropLists") == null ? Set.of()
                : Arrays.stream(ctx.queryParam("dropLists").split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
        EventEditor.Outcome outcome;
        try {
            outcome = editor.replace(text, expected, drop, AccessGuard.principal(ctx).name());
        } catch (InvalidEventException e) {
            throw ApiError.badRequest("invalid_event", e.getMessage());
        }
        if (outcome instanceof EventEditor.Outcome.Saved saved) {
            ctx.header("ETag", quoted(saved.revision())).json(new Saved(saved.revision(), saved.changes()));
        } else if (outcome instanceof EventEditor.Outcome.ListsHaveCheckIns refused) {
            ctx.status(409).json(new ListsHaveCheckIns("lists_have_checkins", refused.message(), refused.lists()));
        } else if (outcome instanceof EventEditor.Outcome.Stale stale) {
            ctx.header("ETag", quoted(stale.revision()));
            throw new ApiError(412, "event_changed",
                    "Someone else changed the event since this form was loaded: load it again, then make your change.");
        }
    }

    /** Sets the entity tag; false (and a 304) when the client holds this revision already. */
    private static boolean tagged(Context ctx, String revision) {
        String tag = quoted(revision);
        ctx.header("ETag", tag).header("Cache-Control", "no-cache");
        String held = ctx.header("If-None-Match");
        if (held != null && Arrays.stream(held.split(",")).map(String::strip).anyMatch(t -> t.equals(tag) || t.equals("W/" + tag))) {
            ctx.status(304);
            return false;
        }
        return true;
    }

    private static String quoted(String revision) {
        return "\"" + revision + "\"";
    }

    /** The revision an {@code If-Match} names; null for none or {@code *}. */
    private static String ifMatch(String header) {
        if (header == null || header.isBlank() || header.strip().equals("*")) {
            return null;
        }
        String h = header.strip();
        if (h.startsWith("W/")) {
            h = h.substring(2);
        }
        return h.length() >= 2 && h.startsWith("\"") && h.endsWith("\"") ? h.substring(1, h.length() - 1) : h;
    }

    private Built built() {
        CurrentEvent.Version v = current.version();
        Built b = built;
        if (b != null && b.revision().equals(v.revision())) {
            return b;
        }
        try {
            Built fresh = new Built(v.revision(), json.writeValueAsBytes(view(v.revision(), v.event(), publicKeySpki, vocabulary)));
            built = fresh;
            return fresh;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the event always serializes", e);
        }
    }

    private static View view(String revision, Event event, String publicKeySpki, Object vocabulary) {
        List<TalkView> talks = event.talks().stream()
                .map(t -> new TalkView(t.id(), t.title(), t.speaker(), t.start(), t.end(), t.abstractText(), t.speakerBio()))
                .toList();
        return new View(revision, event.name(), event.date(), event.timezone().getId(), event.venue(), event.summary(),
                event.doorsOpen(), event.doorsOpenAt().toOffsetDateTime().toString(), event.endsAt().toOffsetDateTime().toString(),
                event.registrationOpen(), event.registration(),
                event.agenda(), talks, event.checkInLists(), new PublicKey("Ed25519", publicKeySpki), vocabulary);
    }
}
