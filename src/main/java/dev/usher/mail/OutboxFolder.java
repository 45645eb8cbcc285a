package dev.usher.mail;

import dev.usher.store.DataFiles;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * No relay configured: each mail becomes {@code <data>/outbox/<mail id>.eml}, which any mail client
 * opens, so a newcomer sees exactly what attendees would receive.
 */
final class OutboxFolder implements MailTransport {
    static final String FOLDER = "outbox";

    private final Path folder;

    OutboxFolder(Path dataDir) {
        this.folder = dataDir.resolve(FOLDER);
    }

    @Override
    public String name() {
        return "outbox";
    }

    @Override
    public Delivery send(MimeMessage message, String mailId) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(128 * 1024);
            message.writeTo(bytes);
            // The mail id names the file: a mail sent again after a crash replaces its own file.
            DataFiles.writeDurably(folder.resolve(mailId + ".eml"), bytes.toByteArray());
            return new Delivery.Accepted();
        } catch (IOException | MessagingException e) {
            return new Delivery.TryLater("cannot write to " + folder + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
    }
}
