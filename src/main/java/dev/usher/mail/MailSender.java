package dev.usher.mail;

import dev.usher.event.CurrentEvent;
import dev.usher.event.Event;
import dev.usher.store.Database;
import dev.usher.store.Dialect;
import dev.usher.store.StoreUnavailableException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one thread that drains the outbox, at a steady pace. A mail is marked sent only after the
 * relay accepted it, so a crash in between sends it again on restart: at least once, never zero.
 * Temporary failures are retried after a growing wait for a day; a refusal fails the mail at once.
 */
public final class MailSender implements AutoCloseable {
    static final Duration GIVE_UP_AFTER = Duration.ofHours(24);
    static final Duration LONGEST_WAIT = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(MailSender.class);
    /** Idle, it still looks once a minute: a retry's time may come without anything waking it. */
    private static final long IDLE_MS = 60_000;
    /** Mails taken from the queue at once. */
    static final int BATCH = 50;
    /** Outcomes wait at most this long to be written down, so staff see progress as it happens. */
    static final Duration RECORD_EVERY = Duration.ofMillis(500);
    /**
     * How long mails taken on PostgreSQL stay this node's without word from it: above one send's
     * worst case (the relay's 30 s timeout), and renewed with every record of outcomes, so a node
     * sending steadily keeps them and a dead node's mails go to another within this.
     */
    static final Duration CLAIM = Duration.ofSeconds(45);
    /** On PostgreSQL a node takes what it sends in about this long at its pace, not a whole batch. */
    private static final double CLAIM_SECONDS_OF_WORK = 5;

    private final Database db;
    private final MailStore store;
    private final MailTransport transport;
    private final TicketMail renderer;
    private final CurrentEvent event;
    private final Clock clock;
    private final long intervalNanos;
    private final int claimSize;
    private final Duration firstRetry;
    private final Object lock = new Object();
    private final Thread thread;
    private boolean woken;
    private volatile boolean open = true;
    private long lastSendNanos;

    MailSender(Database db, MailStore store, MailTransport transport, TicketMail renderer, CurrentEvent event, Clock clock,
               MailOptions options) {
        this.db = db;
        this.store = store;
        this.transport = transport;
        this.renderer = renderer;
        this.event = event;
        this.clock = clock;
        this.intervalNanos = (long) (1e9 / options.perSecond());
        this.claimSize = (int) Math.max(1, Math.min(BATCH, Math.ceil(options.perSecond() * CLAIM_SECONDS_OF_WORK)));
        this.firstRetry = options.firstRetry();
        this.thread = new Thread(this::run, "usher-mail");
        this.thread.setDaemon(true);
        this.lastSendNanos = System.nanoTime() - intervalNanos;
    }

    void start() {
        thread.start();
    }

    /** Something was queued: look now rather than at the next planned time. */
    void wake() {
        synchronized (lock) {
            woken = true;
            lock.notifyAll();
        }
    }

    private void run() {
        while (open) {
            try {
                List<Due> due = take();
                if (due.isEmpty()) {
                    Instant next = db.read(store::nextAttemptAt);
                    long waitMs = next == null ? IDLE_MS : Math.max(1, Math.min(IDLE_MS, Duration.between(clock.instant(), next).toMillis()));
                    pause(waitMs);
                    continue;
                }
                deliverAll(due);
            } catch (StoreUnavailableException e) {
                log.warn("mail sender waits for the database: {}", e.getMessage());
                pause(5_000);
            } catch (RuntimeException e) {
                log.error("mail sender: unexpected problem", e);
                pause(5_000);
            }
        }
    }

    /**
     * The due mails this node sends now. Alone on SQLite it reads them; beside other nodes on
     * PostgreSQL it takes them ({@link MailStore#claimDue}), after a read that finds some, so an
     * idle outbox costs no writes.
     */
    private List<Due> take() {
        Instant now = clock.instant();
        List<Due> due = db.read(c -> store.due(c, now, BATCH));
        if (due.isEmpty() || db.dialect() != Dialect.POSTGRESQL) {
            return due;
        }
        return db.write(c -> store.claimDue(c, now, claimSize, now.plus(CLAIM)));
    }

    private void pause(long ms) {
        synchronized (lock) {
            if (!woken && open) {
                try {
                    lock.wait(ms);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    open = false;
                }
            }
            woken = false;
        }
    }

    private void pace() {
        long wait = lastSendNanos + intervalNanos - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                open = false;
            }
        }
        lastSendNanos = System.nanoTime();
    }

    /**
     * Sends a batch in order and records the outcomes together, at least every {@link #RECORD_EVERY}:
     * one durable commit per mail would cap the sender at the disk's fsync rate. A crash before
     * they are recorded sends those mails again, which at-least-once allows.
     */
    private void deliverAll(List<Due> batch) {
        List<Outcome> outcomes = new ArrayList<>();
        long firstUnrecorded = 0;
        for (int i = 0; i < batch.size(); i++) {
            Due due = batch.get(i);
            if (!open) {
                release(batch.subList(i, batch.size()));
                break;
            }
            if (!(due.cancelled() || due.code() == null)) {
                pace();
            }
            outcomes.add(deliver(due));
            if (outcomes.size() == 1) {
                firstUnrecorded = System.nanoTime();
            }
            if (System.nanoTime() - firstUnrecorded >= RECORD_EVERY.toNanos()) {
                record(outcomes, batch.subList(i + 1, batch.size()));
                outcomes.clear();
            }
        }
        record(outcomes, List.of());
    }

    /** Stopping with mails taken on PostgreSQL: they are due again now, for another node, not in {@link #CLAIM}. */
    private void release(List<Due> unsent) {
        if (db.dialect() != Dialect.POSTGRESQL) {
            return;
        }
        Instant now = clock.instant();
        try {
            db.write(c -> {
                store.dueAt(c, unsent.stream().map(Due::id).toList(), now);
                return null;
            });
        } catch (StoreUnavailableException e) {
            log.warn("could not hand back {} mails on stopping (another node sends them in {} min): {}", unsent.size(),
                    CLAIM.toMinutes(), e.getMessage());
        }
    }

    /** What became of one mail, to be written down. */
    private record Outcome(Due due, Delivery result, Instant at, String messageId) {
    }

    private Outcome deliver(Due due) {
        Instant now = clock.instant();
        if (due.cancelled() || due.code() == null) {
            return new Outcome(due, new Delivery.Refused("The ticket was cancelled before its mail went out."), now, null);
        }
        if (MailStore.takesNoMail(due.email())) {
            return new Outcome(due, new Delivery.Refused("This ticket has no email address (a walk-in without one)."), now, null);
        }
        MimeMessage message;
        String messageId;
        try {
            message = renderer.render(MailContent.of(event.get(), due), due.id(), now);
            messageId = message.getMessageID();
        } catch (MessagingException | RuntimeException e) {
            log.error("mail {} could not be rendered", due.id(), e);
            return new Outcome(due, new Delivery.Refused("Usher could not render this mail: " + e.getMessage()), now, null);
        }
        return new Outcome(due, transport.send(message, due.id()), clock.instant(), messageId);
    }

    /** Records what was sent and, on PostgreSQL, keeps the claim on what is still to send ({@code rest}). */
    private void record(List<Outcome> outcomes, List<Due> rest) {
        if (outcomes.isEmpty()) {
            return;
        }
        boolean claimed = db.dialect() == Dialect.POSTGRESQL && !rest.isEmpty();
        Instant until = clock.instant().plus(CLAIM);
        db.write(c -> {
            for (Outcome o : outcomes) {
                record(c, o);
            }
            if (claimed) {
                store.dueAt(c, rest.stream().map(Due::id).toList(), until);
            }
            return null;
        });
    }

    private void record(Connection c, Outcome o) throws SQLException {
        Due due = o.due();
        int attempts = due.attempts() + 1;
        Instant done = o.at();
        if (o.result() instanceof Delivery.Accepted) {
            store.markSent(c, due.id(), attempts, done, o.messageId());
        } else if (o.result() instanceof Delivery.Refused r) {
            log.warn("mail {} failed: {}", due.id(), r.answer());
            store.markFailed(c, due.id(), attempts, done, r.answer());
        } else if (o.result() instanceof Delivery.TryLater t) {
            Instant first = due.firstFailureAt() == null ? done : due.firstFailureAt();
            if (!done.isBefore(first.plus(GIVE_UP_AFTER))) {
                store.markFailed(c, due.id(), attempts, done, "Gave up after 24 hours of retries; the last answer: " + t.answer());
            } else {
                Instant next = done.plus(backoff(attempts));
                log.info("mail {} not sent ({}), next try at {}", due.id(), t.answer(), next);
                store.markRetry(c, due.id(), attempts, first, next, t.answer());
            }
        }
    }

    /** The wait after the {@code failures}-th failure in a row: the first retry, doubled each time, at most an hour. */
    Duration backoff(int failures) {
        Duration wait = firstRetry;
        for (int i = 1; i < failures && wait.compareTo(LONGEST_WAIT) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    }

    @Override
    public void close() {
        open = false;
        wake();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        transport.close();
    }
}
