package dev.usher.hook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.store.Database;
import dev.usher.store.RandomIds;
import dev.usher.web.ApiError;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Registered endpoints and the outbox they are fed from. {@link #raise} runs inside the caller's
 * transaction and writes one delivery per endpoint that wants the event; it reads the endpoints
 * from memory (kept after every change here), so a door with no webhooks pays nothing.
 */
public final class Webhooks implements HookEvents {
    static final int MAX_URL = 2000;
    static final int MAX_DESCRIPTION = 200;
    static final Duration PREVIOUS_SECRET_LIVES = Duration.ofHours(24);

    private final Database db;
    private final WebhookStore store;
    private final RandomIds ids;
    private final SecureRandom random;
    private final Clock clock;
    private final ObjectMapper json;
    private volatile List<Webhook> enabled = List.of();

    public Webhooks(Database db, ObjectMapper json, RandomIds ids, SecureRandom random, Clock clock) {
        this.db = db;
        this.store = new WebhookStore(json, db.dialect());
        this.ids = ids;
        this.random = random;
        this.clock = clock;
        this.json = json;
        reload();
    }

    WebhookStore store() {
        return store;
    }

    /** What staff send to register an endpoint. */
    record NewWebhook(String url, List<String> events, String description, Boolean includeEmail) {
    }

    /** A registered endpoint as staff see it (the secret only when it is new). */
    public record View(String id, String url, String description, List<String> events, boolean includeEmail, boolean enabled,
                       String disabledReason, Instant createdAt, Long pending, String secret) {
        static View of(Webhook w, Long pending, String secret) {
            return new View(w.id(), w.url(), w.description(), w.events().stream().map(HookType::wire).toList(), w.includeEmail(),
                    w.enabled(), w.disabledReason(), w.createdAt(), pending, secret);
        }
    }

    View create(NewWebhook request) {
        if (request == null) {
            throw ApiError.badRequest("bad_request", "Send {\"url\": \"https://…\"}.");
        }
        String url = checkUrl(request.url());
        List<HookType> events = checkEvents(request.events());
        String description = request.description() == null ? "" : request.description().strip();
        if (description.length() > MAX_DESCRIPTION) {
            throw ApiError.badRequest("invalid_description", "A description has at most " + MAX_DESCRIPTION + " characters.");
        }
        Webhook w = new Webhook("wh_" + ids.id(), url, description, events, Boolean.TRUE.equals(request.includeEmail()), newSecret(),
                null, null, clock.instant(), null, null);
        db.write(c -> {
            store.insert(c, w);
            return null;
        });
        reload();
        return View.of(w, 0L, w.secret());
    }

    List<View> list() {
        return db.read(c -> {
            Map<String, Long> pending = store.pending(c);
            return store.all(c).stream().map(w -> View.of(w, pending.getOrDefault(w.id(), 0L), null)).toList();
        });
    }

    View setEnabled(String id, boolean on) {
        db.write(c -> {
            require(c, id);
            store.setDisabled(c, id, on ? null : clock.instant(), "disabled by staff");
            return null;
        });
        reload();
        return find(id);
    }

    /** A new secret; the old one keeps signing for a day, so the receiver can switch without a gap. */
    View rotate(String id) {
        String secret = newSecret();
        Webhook w = db.write(c -> {
            Webhook old = require(c, id);
            store.rotate(c, id, secret, old.secret(), clock.instant().plus(PREVIOUS_SECRET_LIVES));
            return require(c, id);
        });
        reload();
        return View.of(w, null, secret);
    }

    void delete(String id) {
        boolean gone = db.write(c -> store.delete(c, id));
        if (!gone) {
            throw notFound();
        }
        reload();
    }

    /** Queues a {@code webhook.test} event to this one endpoint. */
    void test(String id) {
        db.write(c -> {
            Webhook w = require(c, id);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("webhookId", w.id());
            data.put("message", "A test event from Usher: this endpoint is reachable and can check signatures.");
            insert(c, w, new HookEvent(HookType.WEBHOOK_TEST, clock.instant(), data, null));
            return null;
        });
    }

    List<WebhookStore.Attempt> attempts(String id, int limit) {
        return db.read(c -> {
            require(c, id);
            return store.attempts(c, id, limit);
        });
    }

    @Override
    public void raise(Connection c, HookType type, Payload payload) throws SQLException {
        HookEvent event = null;
        for (Webhook w : enabled) {
            if (w.wants(type)) {
                event = event == null ? payload.build() : event;
                insert(c, w, event);
            }
        }
    }

    /** The enabled endpoints by id, as kept in memory after every change. */
    Map<String, Webhook> enabledById() {
        return enabled.stream().collect(Collectors.toMap(Webhook::id, w -> w));
    }

    /** Called by the sender when a receiver answers 410 Gone: it asked to be told no more. */
    void disableGone(String id) {
        db.write(c -> store.setDisabled(c, id, clock.instant(), "the receiver answered 410 Gone"));
        reload();
    }

    /** The secrets that sign now: the current one and, for a day after a rotation, the previous one. */
    static List<String> liveSecrets(Webhook w, Instant now) {
        List<String> secrets = new ArrayList<>();
        secrets.add(w.secret());
        if (w.previousSecret() != null && w.previousUntil() != null && now.isBefore(w.previousUntil())) {
            secrets.add(w.previousSecret());
        }
        return secrets;
    }

    private void insert(Connection c, Webhook w, HookEvent event) throws SQLException {
        Map<String, Object> data = new LinkedHashMap<>(event.data());
        if (w.includeEmail() && event.ticketId() != null) {
            store.emailOf(c, event.ticketId()).ifPresent(email -> data.put("email", email));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", event.type().wire());
        body.put("timestamp", event.at().toString());
        body.put("data", data);
        try {
            store.insertDelivery(c, w.id(), "msg_" + ids.id(), event.type(), event.at(), json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a webhook payload always serializes", e);
        }
    }

    /** Another node changed the endpoints: read them again. */
    public void changedElsewhere() {
        reload();
    }

    private void reload() {
        enabled = db.read(store::all).stream().filter(Webhook::enabled).toList();
    }

    private View find(String id) {
        return list().stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow(Webhooks::notFound);
    }

    private Webhook require(Connection c, String id) throws SQLException {
        return store.find(c, id).orElseThrow(Webhooks::notFound);
    }

    private static ApiError notFound() {
        return ApiError.notFound("unknown_webhook", "There is no webhook with this id.");
    }

    private String newSecret() {
        byte[] key = new byte[24];
        random.nextBytes(key);
        return HookSignature.SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** http(s), a host, no credentials (they would sit in logs and screens), at most 2,000 characters. LAN hosts are fine. */
    static String checkUrl(String text) {
        if (text == null || text.isBlank()) {
            throw ApiError.badRequest("invalid_url", "Send the endpoint's \"url\", e.g. \"https://example.com/usher\".");
        }
        String url = text.strip();
        if (url.length() > MAX_URL) {
            throw ApiError.badRequest("invalid_url", "A webhook URL has at most " + MAX_URL + " characters.");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw ApiError.badRequest("invalid_url", "This is not a URL: " + e.getReason() + ".");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ApiError.badRequest("invalid_url", "A webhook URL starts with https:// (or http:// on a local network).");
        }
        if (uri.getRawUserInfo() != null) {
            throw ApiError.badRequest("invalid_url", "Leave user names and passwords out of the URL: check the webhook-signature header instead.");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw ApiError.badRequest("invalid_url", "A webhook URL needs a host name, e.g. https://example.com/usher.");
        }
        return url;
    }

    static List<HookType> checkEvents(List<String> wires) {
        if (wires == null) {
            return HookType.defaults();
        }
        if (wires.isEmpty()) {
            throw ApiError.badRequest("invalid_events", "List at least one event, or leave \"events\" out for all of them.");
        }
        List<HookType> events = new ArrayList<>();
        for (String wire : wires) {
            Optional<HookType> t = HookType.fromWire(wire).filter(HookType.subscribable()::contains);
            if (t.isEmpty()) {
                throw ApiError.badRequest("invalid_events", "Unknown event '" + wire + "'; the events are: "
                        + HookType.subscribable().stream().map(HookType::wire).collect(Collectors.joining(", ")) + ".");
            }
            if (!events.contains(t.get())) {
                events.add(t.get());
            }
        }
        return List.copyOf(events);
    }
}
