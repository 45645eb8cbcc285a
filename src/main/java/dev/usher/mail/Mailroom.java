package dev.usher.mail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.event.CurrentEvent;
import dev.usher.event.Event;
import dev.usher.store.Database;
import dev.usher.store.Topic;
import dev.usher.store.RandomIds;
import dev.usher.ticket.QrImages;
import dev.usher.web.PublicOrigin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;

/** Ticket mail, wired: the outbox, its one sender and the staff routes. */
public final class Mailroom implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Mailroom.class);
    static final String DEFAULT_FROM = "Usher <tickets@usher.invalid>";

    private final Outbox outbox;
    private final MailSender sender;
    private final MailController controller;
    private final String description;

    private Mailroom(Outbox outbox, MailSender sender, MailController controller, String description) {
        this.outbox = outbox;
        this.sender = sender;
        this.controller = controller;
        this.description = description;
    }

    public static Mailroom open(MailOptions options, Path dataDir, Database db, RandomIds ids, Clock clock, CurrentEvent event,
                                QrImages qr, ObjectMapper json, PublicOrigin origin) {
        TicketMail renderer = new TicketMail(qr, new TicketPdf(qr), options.from() == null ? DEFAULT_FROM : options.from());
        MailTransport transport = options.smtp() == null ? new OutboxFolder(dataDir) : new SmtpRelay(options.smtp(), options.trust());
        MailStore store = new MailStore(db.dialect());
        Outbox outbox = new Outbox(db, store, ids, clock, event);
        MailSender sender = new MailSender(db, store, transport, renderer, event, clock, options);
        outbox.onQueued(sender::wake);
        db.onChangeElsewhere(Topic.MAIL, detail -> sender.wake());
        String description = options.smtp() == null
                ? "written to " + dataDir.resolve(OutboxFolder.FOLDER).toAbsolutePath() + " (no --smtp relay set)"
                : "SMTP relay " + options.smtp() + ", " + options.perSecond() + " mails/s";
        log.info("ticket mail: {}", description);
        sender.start();
        return new Mailroom(outbox, sender,
                new MailController(outbox, renderer, new PreviewLinks(ids, clock), event, transport.name(), json, origin), description);
    }

    /** Where mails go, for the start-up lines; never the relay's password. */
    public String description() {
        return description;
    }

    public Outbox outbox() {
        return outbox;
    }

    public MailController controller() {
        return controller;
    }

    @Override
    public void close() {
        sender.close();
    }
}
