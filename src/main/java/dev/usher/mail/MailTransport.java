package dev.usher.mail;

import jakarta.mail.internet.MimeMessage;

/** Where rendered mails go: an SMTP relay, or the data folder's outbox. Used by one sender thread. */
interface MailTransport extends AutoCloseable {
    /** "smtp" or "outbox", as {@code GET /api/mail} names it. */
    String name();

    /** Never throws: every problem is a {@link Delivery}. */
    Delivery send(MimeMessage message, String mailId);

    @Override
    void close();
}
