package dev.usher.mail;

import dev.usher.ticket.QrImages;
import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Properties;

/**
 * Turns a ticket's mail into MIME: {@code mixed[related[alternative[text, html], qr.png], ticket.pdf, event.ics]}.
 * The QR code travels as an inline image part the HTML names by Content-ID, so it shows without
 * the client fetching anything.
 */
final class TicketMail {
    /** QR modules per pixel side in the inline PNG: ~300 px for a ticket code, crisp on phones. */
    static final int QR_SCALE = 4;

    private final QrImages qr;
    private final TicketPdf pdf;
    private final InternetAddress from;
    private final String messageIdHost;

    /** @param from e.g. {@code "Usher <tickets@example.org>"} */
    TicketMail(QrImages qr, TicketPdf pdf, String from) {
        this.qr = qr;
        this.pdf = pdf;
        try {
            InternetAddress[] parsed = InternetAddress.parse(from, true);
            if (parsed.length != 1) {
                throw new IllegalArgumentException("--mail-from takes one address, e.g. \"Usher <tickets@example.org>\"");
            }
            this.from = parsed[0];
        } catch (MessagingException e) {
            throw new IllegalArgumentException("--mail-from is not an address: " + e.getMessage());
        }
        String address = this.from.getAddress();
        this.messageIdHost = address.substring(address.indexOf('@') + 1);
    }

    MimeMessage render(MailContent m, String mailId, Instant now) throws MessagingException {
        String messageId = "<" + mailId + "." + now.toEpochMilli() + "@" + messageIdHost + ">";
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties())) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(from);
        message.setRecipient(MimeMessage.RecipientType.TO, recipient(m));
        message.setSubject(m.subject(), "UTF-8");
        message.setSentDate(Date.from(now));
        message.setHeader("Auto-Submitted", "auto-generated");
        // Out-of-office replies have no one to reach here.
        message.setHeader("X-Auto-Response-Suppress", "All");

        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(textPart(MailBody.text(m), "plain"));
        alternative.addBodyPart(textPart(MailBody.html(m, "cid:" + MailBody.QR_CID), "html"));
        MimeBodyPart alternativePart = new MimeBodyPart();
        alternativePart.setContent(alternative);

        MimeMultipart related = new MimeMultipart("related");
        related.addBodyPart(alternativePart);
        MimeBodyPart image = binaryPart(qr.png(m.code(), QR_SCALE), "image/png", "ticket-qr.png");
        image.setContentID("<" + MailBody.QR_CID + ">");
        image.setDisposition(MimeBodyPart.INLINE);
        related.addBodyPart(image);
        MimeBodyPart relatedPart = new MimeBodyPart();
        relatedPart.setContent(related);

        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(relatedPart);
        mixed.addBodyPart(binaryPart(pdf.render(m), "application/pdf", "ticket.pdf"));
        MimeBodyPart calendar = binaryPart(EventCalendar.ics(m, mailId + "@usher", now),
                "text/calendar; charset=UTF-8; method=PUBLISH", "event.ics");
        mixed.addBodyPart(calendar);
        message.setContent(mixed);
        message.saveChanges();
        return message;
    }

    /** The HTML as the preview shows it: the inline image as a {@code data:} URL instead of a Content-ID. */
    String previewHtml(MailContent m) {
        String png = Base64.getEncoder().encodeToString(qr.png(m.code(), QR_SCALE));
        return MailBody.html(m, "data:image/png;base64," + png);
    }

    private static InternetAddress recipient(MailContent m) throws MessagingException {
        try {
            return new InternetAddress(m.email(), MailContent.oneLine(m.name()), StandardCharsets.UTF_8.name());
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always there", e);
        }
    }

    private static MimeBodyPart textPart(String text, String subtype) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setText(text, StandardCharsets.UTF_8.name(), subtype);
        // Quoted-printable keeps long HTML lines within SMTP's 998-octet limit.
        part.setHeader("Content-Transfer-Encoding", "quoted-printable");
        return part;
    }

    private static MimeBodyPart binaryPart(byte[] bytes, String type, String fileName) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(bytes, type)));
        part.setFileName(fileName);
        part.setDisposition(MimeBodyPart.ATTACHMENT);
        return part;
    }
}
