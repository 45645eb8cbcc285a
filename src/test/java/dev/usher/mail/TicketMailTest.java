package dev.usher.mail;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.icegreen.greenmail.util.GreenMail;
import dev.usher.TestServer;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What an attendee receives: every part of the ticket mail, read back as a mail client would. */
class TicketMailTest {
    @TempDir
    Path data;
    GreenMail green;
    TestServer server;

    @BeforeEach
    void start() {
        green = MailServers.greenMail(0);
        server = MailServers.usher(data, "smtp://127.0.0.1:" + MailServers.smtpPort(green));
    }

    @AfterEach
    void stop() {
        server.close();
        green.stop();
    }

    private JsonTicket register(String name, String email) {
        TestServer.Response r = server.post("/api/registrations", "{\"name\":" + quote(name) + ",\"email\":" + quote(email) + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        var t = r.json().get("ticket");
        return new JsonTicket(t.get("id").asText(), t.get("code").asText());
    }

    record JsonTicket(String id, String code) {
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Test
    void registration_mails_the_ticket_with_headers_a_text_part_and_a_link_to_the_ticket_page() throws Exception {
        JsonTicket t = register("Ada Lovelace", "ada@example.com");
        MimeMessage mail = MailServers.await(green, 1)[0];

        assertThat(mail.getSubject()).isEqualTo("Your ticket for Serverless: an inside look");
        assertThat(((InternetAddress) mail.getFrom()[0]).getAddress()).isEqualTo("tickets@usher.test");
        assertThat(((InternetAddress) mail.getAllRecipients()[0]).getAddress()).isEqualTo("ada@example.com");
        assertThat(mail.getHeader("Message-ID")[0]).matches("<[^@>]+@usher\\.test>");
        assertThat(mail.getHeader("Date")).isNotNull();
        assertThat(mail.getHeader("Auto-Submitted")[0]).isEqualTo("auto-generated");

        MailParts parts = MailParts.of(mail);
        assertThat(parts.text()).contains("Ada Lovelace", "Serverless: an inside look", "Thursday, 21 February 2019, doors 18:00",
                "Downtown Oakland, Oakland, US", "18:30  Talk 1: How Workers Work", "/t/" + t.code());
        assertThat(parts.html()).contains("Ada Lovelace", "cid:" + MailBody.QR_CID, "/t/" + t.code() + "\"", "Open your ticket");
        // The link is absolute: a mail client has no page to resolve a relative one against.
        assertThat(parts.text()).containsPattern("https?://[^/\\s]+/t/" + t.code());
        MailServers.mailState(server, t.id());
        assertThat(MailServers.mailState(server, t.id())).isEqualTo("sent");
    }

    @Test
    void the_inline_qr_image_decodes_to_the_ticket_code() throws Exception {
        JsonTicket t = register("Ada Lovelace", "ada@example.com");
        MailParts parts = MailParts.of(MailServers.await(green, 1)[0]);

        assertThat(parts.inlineContentId()).isEqualTo("<" + MailBody.QR_CID + ">");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(parts.inlinePng()));
        String decoded = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)))).getText();
        assertThat(decoded).isEqualTo(t.code());
    }

    @Test
    void the_pdf_ticket_is_one_a4_page_naming_the_attendee_the_event_and_the_code() throws Exception {
        JsonTicket t = register("Zoë Łukasiewicz-Ødegård", "zoe@example.com");
        MailParts parts = MailParts.of(MailServers.await(green, 1)[0]);

        try (PDDocument pdf = Loader.loadPDF(parts.pdf())) {
            assertThat(pdf.getNumberOfPages()).isEqualTo(1);
            PDPage page = pdf.getPage(0);
            assertThat(page.getMediaBox().getWidth()).isBetween(594f, 596f);
            assertThat(page.getMediaBox().getHeight()).isBetween(841f, 843f);
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text).contains("Zoë Łukasiewicz-Ødegård", "Serverless: an inside look", "Thursday, 21 February 2019, doors 18:00",
                    "Downtown Oakland");
            assertThat(text.replaceAll("\\s", "")).contains(t.code());
        }
        assertThat(TicketPdf.QR_SIZE).isGreaterThanOrEqualTo(4 / 2.54f * 72);
    }

    @Test
    void the_calendar_file_parses_with_the_events_time_zone_venue_doors_and_end() throws Exception {
        register("Ada Lovelace", "ada@example.com");
        MailParts parts = MailParts.of(MailServers.await(green, 1)[0]);

        assertThat(parts.icsType()).contains("text/calendar").contains("method=publish");
        Calendar calendar = new CalendarBuilder().build(new StringReader(parts.ics()));
        VEvent event = calendar.<VEvent>getComponent(Component.VEVENT).orElseThrow();
        Property start = event.getProperty(Property.DTSTART).orElseThrow();
        Property end = event.getProperty(Property.DTEND).orElseThrow();
        assertThat(start.getValue()).isEqualTo("20190221T180000");
        assertThat(start.getParameter("TZID").orElseThrow().getValue()).isEqualTo("America/Los_Angeles");
        assertThat(end.getValue()).isEqualTo("20190221T203000");
        assertThat(event.getProperty(Property.SUMMARY).orElseThrow().getValue()).isEqualTo("Serverless: an inside look");
        assertThat(event.getProperty(Property.LOCATION).orElseThrow().getValue()).isEqualTo("Downtown Oakland, Oakland, US");
        assertThat(calendar.getComponent(Component.VTIMEZONE)).isPresent();
        // 18:00 in Oakland in February is 02:00 UTC the next day (PST, UTC-8).
        var zoned = (java.time.ZonedDateTime) event.getDateTimeStart().getDate();
        assertThat(zoned.toInstant().toString()).isEqualTo("2019-02-22T02:00:00Z");
    }

    @Test
    void a_name_with_html_in_it_is_text_everywhere() throws Exception {
        String name = "<img src=x onerror=alert(1)> & \"Bobby\"; Tables, Inc.";
        register(name, "bobby@example.com");
        MimeMessage mail = MailServers.await(green, 1)[0];
        MailParts parts = MailParts.of(mail);

        assertThat(parts.html()).doesNotContain("<img src=x").contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Bobby&quot;");
        assertThat(parts.text()).contains(name);
        assertThat(((InternetAddress) mail.getAllRecipients()[0]).getPersonal()).isEqualTo(name);
        try (PDDocument pdf = Loader.loadPDF(parts.pdf())) {
            assertThat(new PDFTextStripper().getText(pdf).replaceAll("\\s+", " ")).contains(name);
        }
        // The calendar names the event, not the attendee; its text escaping is checked on the venue.
        assertThat(parts.ics()).contains("LOCATION:Downtown Oakland\\, Oakland\\, US");
    }
}
