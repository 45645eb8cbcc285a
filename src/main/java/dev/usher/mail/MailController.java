package dev.usher.mail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.event.CurrentEvent;
import dev.usher.event.Event;
import dev.usher.ticket.MailState;
import dev.usher.web.ApiError;
import dev.usher.web.Json;
import dev.usher.web.PublicOrigin;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Bulk sends, the outbox's state for staff, retries and previews. */
public final class MailController {
    private final Outbox outbox;
    private final TicketMail renderer;
    private final PreviewLinks previews;
    private final CurrentEvent event;
    private final String transport;
    private final ObjectMapper json;
    private final PublicOrigin origin;

    MailController(Outbox outbox, TicketMail renderer, PreviewLinks previews, CurrentEvent event, String transport, ObjectMapper json,
                   PublicOrigin origin) {
        this.outbox = outbox;
        this.renderer = renderer;
        this.previews = previews;
        this.event = event;
        this.transport = transport;
        this.json = json;
        this.origin = origin;
    }

    record SendRequest(List<String> ids, Boolean unsent, String importId) {
    }

    record View(String transport, long queued, long sent, long failed, List<Mail> recent) {
    }

    record PreviewLink(String url, Instant expiresAt) {
    }

    /** {@code POST /api/tickets/send}: ids, every ticket never mailed, or one import's. */
    public void send(Context ctx) {
        SendRequest r = Json.body(ctx, json, SendRequest.class);
        boolean unsent = r.unsent() != null && r.unsent();
        int given = (r.ids() != null ? 1 : 0) + (unsent ? 1 : 0) + (r.importId() != null ? 1 : 0);
        if (given != 1) {
            throw ApiError.badRequest("bad_selection", "Send exactly one of \"ids\": [...], \"unsent\": true or \"importId\".");
        }
        if (r.ids() != null && (r.ids().isEmpty() || r.ids().size() > Outbox.MAX_IDS || r.ids().stream().anyMatch(id -> id == null || id.isBlank()))) {
            throw ApiError.badRequest("bad_selection", "\"ids\" takes 1 to " + Outbox.MAX_IDS + " ticket ids.");
        }
        if (r.importId() != null && r.importId().isBlank()) {
            throw ApiError.badRequest("bad_selection", "\"importId\" is the id an import report gave.");
        }
        int queued = outbox.send(new Outbox.Selection(r.ids(), unsent, r.importId()), origin.of(ctx));
        ctx.status(202).json(Map.of("queued", queued));
    }

    /** {@code GET /api/mail[?importId=][&state=]}. */
    public void overview(Context ctx) {
        String state = ctx.queryParam("state");
        MailState wanted = null;
        if (state != null) {
            wanted = switch (state) {
                case "queued" -> MailState.QUEUED;
                case "sent" -> MailState.SENT;
                case "failed" -> MailState.FAILED;
                default -> throw ApiError.badRequest("bad_state", "state is one of queued, sent, failed.");
            };
        }
        Outbox.Overview o = outbox.overview(ctx.queryParam("importId"), wanted);
        ctx.json(new View(transport, o.queued(), o.sent(), o.failed(), o.recent()));
    }

    /** {@code POST /api/mail/{id}/retry}. */
    public void retry(Context ctx) {
        ctx.status(202).json(Map.of("mail", outbox.retry(ctx.pathParam("id"))));
    }

    /** {@code POST /api/mail/retry-failed}. */
    public void retryFailed(Context ctx) {
        ctx.status(202).json(Map.of("queued", outbox.retryFailed()));
    }

    /** {@code POST /api/mail/{id}/preview}: a short-lived link the dashboard's frame can open. */
    public void createPreview(Context ctx) {
        String id = ctx.pathParam("id");
        if (outbox.renderable(id).isEmpty()) {
            throw ApiError.notFound("mail_not_found", "No mail with id " + id + ".");
        }
        PreviewLinks.Created link = previews.create(id);
        ctx.status(201).json(new PreviewLink("/mail-preview/" + link.token(), link.expiresAt()));
    }

    /** {@code GET /mail-preview/{token}}: the mail's HTML, rendered as it is sent, its image inline. */
    public void preview(Context ctx) {
        Due due = previews.mailId(ctx.pathParam("token")).flatMap(outbox::renderable)
                .orElseThrow(() -> ApiError.notFound("preview_expired", "This preview link has expired; open the preview again."));
        if (due.code() == null) {
            throw ApiError.conflict("ticket_cancelled", "The ticket of this mail was cancelled.");
        }
        String html = renderer.previewHtml(MailContent.of(event.get(), due));
        ctx.header("Cache-Control", "no-store").contentType("text/html; charset=utf-8").result(html.getBytes(StandardCharsets.UTF_8));
    }
}
