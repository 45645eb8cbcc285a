package dev.usher.mail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.event.Event;
import dev.usher.store.Database;
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

    private Mailroom(Outbox outbox, MailSender sender, MailController controller) {
        this.outbox = outbox;
        this.sender = sender;
        this.controller = controller;
    }

    public static Mailroom open(MailOptions options, Path dataDir, Database db, RandomIds ids, Clock clock, Event event,
                                QrImages qr, ObjectMapper json, PublicOrigin origin) {
        TicketMail renderer = new TicketMail(qr, new TicketPdf(qr), options.from() == null ? DEFAULT_FROM : options.from());
        MailTransport transport = options.smtp() == null ? new OutboxFolder(dataDir) : new SmtpRelay(options.smtp(), options.trust());
        MailStore store = new MailStore();
        Outbox outbox = new Outbox(db, store, ids, clock, event);
        MailSender sender = new MailSender(db, store, transport, renderer, event, clock, options);
        outbox.onQueued(sender::wake);
        db.onCommit(outbox::committed);
        log.info("ticket mail: {}", options.smtp() == null
                ? "no SMTP relay set (--smtp); mails are written to " + dataDir.resolve(OutboxFolder.FOLDER)
                : "SMTP relay " + options.smtp() + ", " + options.perSecond() + " mails/s");
        sender.start();
        return new Mailroom(outbox, sender,
                new MailController(outbox, renderer, new PreviewLinks(ids, clock), event, transport.name(), json, origin));
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
