package dev.usher.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.usher.Config;
import dev.usher.Eventually;
import dev.usher.TestServer;
import jakarta.mail.internet.MimeMessage;

import java.nio.file.Path;
import java.time.Duration;

/** Set-up shared by the mail tests: GreenMail in this JVM, and Usher pointed at it. */
final class MailServers {
    static final String FROM = "Serverless Oakland <tickets@usher.test>";
    static final Duration LIMIT = Duration.ofSeconds(60);

    private MailServers() {
    }

    static GreenMail greenMail(int port) {
        GreenMail green = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        green.start();
        return green;
    }

    static int smtpPort(GreenMail green) {
        return green.getSmtp().getPort();
    }

    /** Usher with a fast pace and short first retry, so tests wait on conditions that come quickly. */
    static Config config(Path data, Path event, String smtpUrl, Path trust) {
        MailOptions mail = new MailOptions(smtpUrl == null ? null : SmtpUrl.parse(smtpUrl), FROM, trust, 1000, Duration.ofMillis(200));
        return new Config("127.0.0.1", 0, data, event, TestServer.ADMIN_TOKEN).withMail(mail);
    }

    static TestServer usher(Path data, String smtpUrl) {
        return TestServer.start(config(data, null, smtpUrl, null));
    }

    static MimeMessage[] await(GreenMail green, int count) {
        Eventually.until(count + " mails at the SMTP server", LIMIT, () -> green.getReceivedMessages().length >= count);
        return green.getReceivedMessages();
    }

    /** The ticket's mail state as staff see it. */
    static String mailState(TestServer server, String ticketId) {
        return server.get("/api/tickets/" + ticketId, TestServer.ADMIN_TOKEN).json().get("ticket").get("mail").get("state").asText();
    }
}
