package dev.usher.mail;

import dev.usher.event.CurrentEvent;
import dev.usher.event.Event;
import dev.usher.store.Database;
import dev.usher.store.RandomIds;
import dev.usher.ticket.MailKind;
import dev.usher.ticket.MailQueue;
import dev.usher.ticket.MailState;
import dev.usher.ticket.MailStatus;
import dev.usher.ticket.Ticket;
import dev.usher.web.ApiError;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The durable outbox: mails are rows written in the transaction that asks for them, and the sender
 * is woken once that transaction has committed ({@link #wakeSender}, after the write returned).
 */
public final class Outbox implements MailQueue {
    public static final int MAX_IDS = 1000;
    static final int RECENT = 20;
    static final int RECENT_BY_STATE = 100;

    private final Database db;
    private final MailStore store;
    private final RandomIds ids;
    private final Clock clock;
    private final CurrentEvent event;
    private final List<Runnable> queuedListeners = new CopyOnWriteArrayList<>();

    public Outbox(Database db, MailStore store, RandomIds ids, Clock clock, CurrentEvent event) {
        this.db = db;
        this.store = store;
        this.ids = ids;
        this.clock = clock;
        this.event = event;
    }

    @Override
    public void wakeSender() {
        queuedListeners.forEach(Runnable::run);
    }

    void onQueued(Runnable listener) {
        queuedListeners.add(listener);
    }

    @Override
    public void enqueue(Connection c, Ticket ticket, MailKind kind, String baseUrl) throws SQLException {
        store.insert(c, List.of(newMail(ticket.id(), ticket.name(), kind, baseUrl)));
    }

    private MailStore.NewMail newMail(String ticketId, String name, MailKind kind, String baseUrl) {
        Event now = event.get();
        String subject = MailContent.oneLine(MailContent.fill(now.mail().subject(), name, now));
        return new MailStore.NewMail(ids.id(), ticketId, kind, subject, baseUrl, clock.instant());
    }

    @Override
    public Instant lastQueued(Connection c, String ticketId) throws SQLException {
        return store.lastQueued(c, ticketId);
    }

    @Override
    public Map<String, MailStatus> statuses(Connection c, List<String> ticketIds) throws SQLException {
        return store.statuses(c, ticketIds);
    }

    /** Which tickets {@code POST /api/tickets/send} mails: exactly one of the three. */
    public record Selection(List<String> ids, boolean unsent, String importId) {
    }

    /**
     * Queues the selected tickets' mails in one transaction and returns how many. Cancelled tickets
     * are skipped; a ticket mailed before gets a resend.
     */
    public int send(Selection selection, String baseUrl) {
        int queued = db.write(c -> {
            List<MailStore.NewMail> mails = new ArrayList<>();
            if (selection.ids() != null) {
                Set<String> unique = new HashSet<>(selection.ids());
                List<MailStore.Recipient> found = store.recipients(c, List.copyOf(unique));
                if (found.size() < unique.size()) {
                    found.forEach(r -> unique.remove(r.ticketId()));
                    throw ApiError.notFound("ticket_not_found", "No ticket with id " + unique.iterator().next() + "; nothing was sent.");
                }
                for (MailStore.Recipient r : found) {
                    if (!r.cancelled()) {
                        MailKind kind = store.lastQueued(c, r.ticketId()) == null ? MailKind.TICKET : MailKind.RESEND;
                        mails.add(newMail(r.ticketId(), r.name(), kind, baseUrl));
                    }
                }
            } else {
                for (MailStore.Recipient r : store.neverMailed(c, selection.importId())) {
                    mails.add(newMail(r.ticketId(), r.name(), MailKind.TICKET, baseUrl));
                }
            }
            store.insert(c, mails);
            return mails.size();
        });
        if (queued > 0) {
            wakeSender();
        }
        return queued;
    }

    /** Counts and the newest mails, optionally of one import and one state. */
    public record Overview(long queued, long sent, long failed, List<Mail> recent) {
    }

    public Overview overview(String importId, MailState state) {
        return db.read(c -> {
            MailStore.Counts n = store.counts(c, importId);
            List<Mail> recent = store.recent(c, importId, state, state == null ? RECENT : RECENT_BY_STATE);
            return new Overview(n.queued(), n.sent(), n.failed(), recent);
        });
    }

    /** A failed mail back in the queue, tried again at once. */
    public Mail retry(String mailId) {
        Mail retried = db.write(c -> {
            Mail mail = store.find(c, mailId)
                    .orElseThrow(() -> ApiError.notFound("mail_not_found", "No mail with id " + mailId + "."));
            if (mail.state() != MailState.FAILED) {
                throw ApiError.conflict("not_failed", "Only a failed mail can be retried; this one is " + mail.state().wire() + ".");
            }
            store.requeueFailed(c, mailId, clock.instant());
            return store.find(c, mailId).orElseThrow();
        });
        wakeSender();
        return retried;
    }

    /** Every failed mail back in the queue; returns how many. */
    public int retryFailed() {
        int n = db.write(c -> store.requeueFailed(c, null, clock.instant()));
        if (n > 0) {
            wakeSender();
        }
        return n;
    }

    /** What rendering the mail again needs, for its preview. */
    Optional<Due> renderable(String mailId) {
        return db.read(c -> store.renderable(c, mailId));
    }
}
