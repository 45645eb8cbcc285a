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

    /** Imports {@code n} guests, mails them through the relay on {@code port}; mails per second until all are marked sent. */
    private static double sendThrough(Path dir, int port, int n, java.util.function.IntSupplier delivered) {
        String url = "smtp://127.0.0.1:" + port;
        try (TestServer server = TestServer.start(MailServers.config(dir.resolve("data"), null, url, null)
                .withMail(new MailOptions(SmtpUrl.parse(url), MailServers.FROM, null, 10_000, Duration.ofSeconds(15))))) {
            StringBuilder csv = new StringBuilder("name,email\n");
            for (int i = 0; i < n; i++) {
                csv.append("Guest ").append(i).append(",guest").append(i).append("@example.com\n");
            }
            String importId = server.postBytes("/api/tickets/import", csv.toString().getBytes(), "text/csv", TestServer.ADMIN_TOKEN)
                    .json().get("importId").asText();
            long t0 = System.nanoTime();
            TestServer.Response sent = server.admin("POST", "/api/tickets/send", "{\"importId\":\"" + importId + "\"}");
            assertThat(sent.json().get("queued").asInt()).isEqualTo(n);
            Eventually.until(n + " mails marked sent", Duration.ofMinutes(30), () ->
                    server.get("/api/mail?importId=" + importId, TestServer.ADMIN_TOKEN).json().get("sent").asInt() == n);
            double rate = n / ((System.nanoTime() - t0) / 1e9);
            assertThat(delivered.getAsInt()).isEqualTo(n);
            return rate;
        }
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

        double toGreenMail;
        GreenMail green = MailServers.greenMail(0);
        try {
            toGreenMail = sendThrough(dir.resolve("green"), MailServers.smtpPort(green), n, () -> green.getReceivedMessages().length);
        } finally {
            green.stop();
        }
        double toSink;
        try (SmtpSink sink = new SmtpSink()) {
            toSink = sendThrough(dir.resolve("sink"), sink.port(), n, sink.received::get);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        out.append(String.format(Locale.ROOT, "ticket mail, %d tickets (HTML + text + inline QR + PDF + .ics, %.0f kB each)%n",
                n, bytes / 1024.0 / references));
        out.append(String.format(Locale.ROOT, "  reference: PDF ticket render in process        %7.1f /s (%d renders)%n", pdfRate, references));
        out.append(String.format(Locale.ROOT, "  reference: whole mail render in process         %7.1f /s%n", mimeRate));
        out.append(String.format(Locale.ROOT, "  sent to GreenMail (in this JVM)                 %7.1f mails/s  queued -> rendered -> SMTP -> marked sent%n",
                toGreenMail));
        out.append(String.format(Locale.ROOT, "  sent to a minimal SMTP sink                     %7.1f mails/s  the same path, a relay that only answers%n",
                toSink));
        out.append("  (pace limit set to 10,000/s for this run; Usher's default pace is 5/s)\n");
        return out.toString();
    }
}
