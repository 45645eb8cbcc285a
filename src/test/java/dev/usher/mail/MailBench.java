package dev.usher.mail;

import com.icegreen.greenmail.util.GreenMail;
import dev.usher.Eventually;
import dev.usher.TestServer;
import dev.usher.event.EventFile;
import dev.usher.ticket.MailKind;
import dev.usher.ticket.QrImages;
import dev.usher.ticket.TicketCode;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ticket mail throughput (bench/mail/run.sh): N imported guests mailed through the real path
 * (POST /api/tickets/send → the outbox → the sender renders HTML, QR, PDF and .ics → SMTP to a
 * GreenMail server in this JVM → marked sent), against the in-process render rates as references.
 * Not a test of a threshold: it prints its figures. Run with {@code -Dbench.mails=1000}.
 */
class MailBench {
    @TempDir
    Path dir;

    @Test
    void mails_per_second() {
        int n = Integer.getInteger("bench.mails", 1000);
        System.out.println(run(dir, n));
    }

    static String run(Path dir, int n) {
        StringBuilder out = new StringBuilder();
        var event = new EventFile().seed();
        QrImages qr = new QrImages();
        TicketPdf pdf = new TicketPdf(qr);
        TicketMail mail = new TicketMail(qr, pdf, MailServers.FROM);
        SecureRandom random = new SecureRandom();
        int references = Math.max(20, Math.min(n, 300));
        Due[] samples = new Due[references];
        for (int i = 0; i < references; i++) {
            byte[] serial = new byte[12];
            byte[] signature = new byte[64];
            random.nextBytes(serial);
            random.nextBytes(signature);
            samples[i] = new Due("m" + i, "t" + i, MailKind.TICKET, "Your ticket", "http://192.0.2.1:7070", 0, null,
                    "Guest " + i, "guest" + i + "@example.com", false, new TicketCode(serial, signature));
        }
        // Warm-up: the JIT and PDFBox's font parsing, not counted.
        for (int i = 0; i < 20; i++) {
            pdf.render(MailContent.of(event, samples[i % references]));
        }
        long t0 = System.nanoTime();
        for (Due d : samples) {
            pdf.render(MailContent.of(event, d));
        }
        double pdfRate = references / ((System.nanoTime() - t0) / 1e9);
        long t1 = System.nanoTime();
        long bytes = 0;
        for (Due d : samples) {
            try {
                MimeMessage m = mail.render(MailContent.of(event, d), d.id(), Instant.now());
                java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
                m.writeTo(b);
                bytes += b.size();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        double mimeRate = references / ((System.nanoTime() - t1) / 1e9);

        GreenMail green = MailServers.greenMail(0);
        double endToEnd;
        try (TestServer server = TestServer.start(MailServers.config(dir.resolve("data"), null,
                "smtp://127.0.0.1:" + MailServers.smtpPort(green), null).withMail(new MailOptions(
                SmtpUrl.parse("smtp://127.0.0.1:" + MailServers.smtpPort(green)), MailServers.FROM, null, 10_000, Duration.ofSeconds(15))))) {
            StringBuilder csv = new StringBuilder("name,email\n");
            for (int i = 0; i < n; i++) {
                csv.append("Guest ").append(i).append(",guest").append(i).append("@example.com\n");
            }
            String importId = server.postBytes("/api/tickets/import", csv.toString().getBytes(), "text/csv", TestServer.ADMIN_TOKEN)
                    .json().get("importId").asText();
            long t2 = System.nanoTime();
            TestServer.Response sent = server.admin("POST", "/api/tickets/send", "{\"importId\":\"" + importId + "\"}");
            assertThat(sent.json().get("queued").asInt()).isEqualTo(n);
            Eventually.until(n + " mails marked sent", Duration.ofMinutes(30), () ->
                    server.get("/api/mail?importId=" + importId, TestServer.ADMIN_TOKEN).json().get("sent").asInt() == n);
            endToEnd = n / ((System.nanoTime() - t2) / 1e9);
            assertThat(green.getReceivedMessages()).hasSize(n);
        } finally {
            green.stop();
        }
        out.append(String.format(Locale.ROOT, "ticket mail, %d tickets (HTML + text + inline QR + PDF + .ics, %.0f kB each)%n",
                n, bytes / 1024.0 / references));
        out.append(String.format(Locale.ROOT, "  reference: PDF ticket render in process        %7.1f /s (%d renders)%n", pdfRate, references));
        out.append(String.format(Locale.ROOT, "  reference: whole mail render in process         %7.1f /s%n", mimeRate));
        out.append(String.format(Locale.ROOT, "  sent: queued -> rendered -> SMTP -> marked sent %7.1f mails/s (pace limit 10,000/s; default pace 5/s)%n",
                endToEnd));
        return out.toString();
    }
}
