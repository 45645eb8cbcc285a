package dev.usher.mail;

import com.icegreen.greenmail.util.GreenMail;
import dev.usher.Eventually;
import dev.usher.TestServer;
import dev.usher.web.Tls;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import static dev.usher.mail.MailServers.LIMIT;
import static org.assertj.core.api.Assertions.assertThat;

/** When mails go out, how often, and what happens when the relay is down, refuses, or speaks STARTTLS. */
class MailDeliveryTest {
    @TempDir
    Path dir;

    private static String guestList(int n) {
        StringBuilder csv = new StringBuilder("name,email\n");
        for (int i = 0; i < n; i++) {
            csv.append("Guest ").append(i).append(",guest").append(i).append("@example.com\n");
        }
        return csv.toString();
    }

    private static TestServer.Response importList(TestServer server, String csv) {
        return server.postBytes("/api/tickets/import", csv.getBytes(), "text/csv", TestServer.ADMIN_TOKEN);
    }

    @Test
    void bulk_send_to_200_imported_guests_sends_200_and_a_second_unsent_send_sends_none() {
        GreenMail green = MailServers.greenMail(0);
        try (TestServer server = MailServers.usher(dir, "smtp://127.0.0.1:" + MailServers.smtpPort(green))) {
            TestServer.Response report = importList(server, guestList(200));
            assertThat(report.status()).isEqualTo(200);
            String importId = report.json().get("importId").asText();
            // Importing mails nobody by itself: the organizer decides when the list is right.
            assertThat(server.get("/api/mail", TestServer.ADMIN_TOKEN).json().get("queued").asInt()).isZero();

            TestServer.Response sent = server.admin("POST", "/api/tickets/send", "{\"importId\":\"" + importId + "\"}");
            assertThat(sent.status()).isEqualTo(202);
            assertThat(sent.json().get("queued").asInt()).isEqualTo(200);
            MimeMessage[] mails = MailServers.await(green, 200);
            Eventually.until("200 mails marked sent", LIMIT,
                    () -> server.get("/api/mail?importId=" + importId, TestServer.ADMIN_TOKEN).json().get("sent").asInt() == 200);
            assertThat(Stream.of(mails).map(MailDeliveryTest::to).distinct()).hasSize(200);

            TestServer.Response again = server.admin("POST", "/api/tickets/send", "{\"unsent\":true}");
            assertThat(again.status()).isEqualTo(202);
            assertThat(again.json().get("queued").asInt()).isZero();
            assertThat(server.get("/api/mail", TestServer.ADMIN_TOKEN).json().get("queued").asInt()).isZero();
        } finally {
            green.stop();
        }
    }

    @Test
    void the_lost_ticket_form_answers_alike_for_known_and_unknown_addresses_and_mails_only_the_known() {
        GreenMail green = MailServers.greenMail(0);
        try (TestServer server = MailServers.usher(dir, "smtp://127.0.0.1:" + MailServers.smtpPort(green))) {
            server.register("Ada Lovelace", "ada@example.com"); // staff-issued: no mail yet
            TestServer.Response known = server.post("/api/registrations/resend", "{\"email\":\"ADA@example.com \"}");
            TestServer.Response unknown = server.post("/api/registrations/resend", "{\"email\":\"nobody@example.com\"}");

            assertThat(known.status()).isEqualTo(202);
            assertThat(unknown.status()).isEqualTo(known.status());
            assertThat(unknown.body()).isEqualTo(known.body());
            MimeMessage[] mails = MailServers.await(green, 1);
            Eventually.until("the mail is marked sent", LIMIT,
                    () -> server.get("/api/mail", TestServer.ADMIN_TOKEN).json().get("sent").asInt() == 1);
            assertThat(to(mails[0])).isEqualTo("ada@example.com");

            // A second ask within five minutes mails nothing more, and still answers the same.
            TestServer.Response again = server.post("/api/registrations/resend", "{\"email\":\"ada@example.com\"}");
            assertThat(again.body()).isEqualTo(known.body());
            assertThat(server.get("/api/mail", TestServer.ADMIN_TOKEN).json().get("queued").asInt()).isZero();
            assertThat(server.get("/api/mail", TestServer.ADMIN_TOKEN).json().get("recent").size()).isEqualTo(1);

            assertThat(server.post("/api/registrations/resend", "{\"email\":\"not an address\"}").status()).isEqualTo(400);
        } finally {
            green.stop();
        }
    }

    @Test
    void registering_again_with_a_known_address_sends_the_ticket_there_instead_of_a_dead_end() {
        GreenMail green = MailServers.greenMail(0);
        try (TestServer server = MailServers.usher(dir, "smtp://127.0.0.1:" + MailServers.smtpPort(green))) {
            server.register("Ada Lovelace", "ada@example.com");
            TestServer.Response r = server.post("/api/registrations", "{\"name\":\"Ada L.\",\"email\":\"ada@example.com\"}");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("result").asText()).isEqualTo("resent");
            assertThat(r.json().get("message").asText()).isEqualTo("We've sent your ticket to that address again.");
            assertThat(r.json().has("ticket")).isFalse();
            assertThat(to(MailServers.await(green, 1)[0])).isEqualTo("ada@example.com");
        } finally {
            green.stop();
        }
    }

    @Test
    void smtp_down_then_usher_restarted_then_smtp_up_delivers_the_queued_mail() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path data = dir.resolve("data");
        String ticketId;
        try (TestServer server = TestServer.start(MailServers.config(data, null, "smtp://127.0.0.1:" + port, null))) {
            TestServer.Response r = server.post("/api/registrations", "{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"}");
            ticketId = r.json().get("ticket").get("id").asText();
            Eventually.until("a failed attempt is recorded", LIMIT, () -> {
                var mail = server.get("/api/mail", TestServer.ADMIN_TOKEN).json().get("recent").get(0);
                return mail.get("attempts").asInt() >= 1;
            });
            var mail = server.get("/api/mail", TestServer.ADMIN_TOKEN).json();
            assertThat(mail.get("queued").asInt()).isEqualTo(1);
            assertThat(mail.get("recent").get(0).get("error").asText()).containsIgnoringCase("connect");
            assertThat(MailServers.mailState(server, ticketId)).isEqualTo("queued");
        }
        GreenMail green = MailServers.greenMail(port);
        try (TestServer server = TestServer.start(MailServers.config(data, null, "smtp://127.0.0.1:" + port, null))) {
            assertThat(to(MailServers.await(green, 1)[0])).isEqualTo("ada@example.com");
            Eventually.until("the mail is marked sent", LIMIT, () -> MailServers.mailState(server, ticketId).equals("sent"));
        } finally {
            green.stop();
        }
    }

    @Test
    void a_5xx_answer_marks_the_mail_failed_with_the_relays_words_and_a_retry_delivers_it() throws Exception {
        GreenMail green = MailServers.greenMail(0);
        try (SmtpFront front = SmtpFront.plain(MailServers.smtpPort(green));
             TestServer server = MailServers.usher(dir, "smtp://127.0.0.1:" + front.port())) {
            front.refuse.set(true);
            String id = server.register("Ada Lovelace", "ada@example.com").get("id").asText();
            assertThat(server.admin("POST", "/api/tickets/send", "{\"ids\":[\"" + id + "\"]}").json().get("queued").asInt()).isEqualTo(1);
            Eventually.until("the mail is failed", LIMIT, () -> MailServers.mailState(server, id).equals("failed"));
            var ticket = server.get("/api/tickets/" + id, TestServer.ADMIN_TOKEN).json().get("ticket");
            assertThat(ticket.get("mail").get("error").asText()).contains("554", "rejected by test policy");
            var failed = server.get("/api/mail?state=failed", TestServer.ADMIN_TOKEN).json();
            assertThat(failed.get("failed").asInt()).isEqualTo(1);
            String mailId = failed.get("recent").get(0).get("id").asText();
            assertThat(failed.get("recent").get(0).get("attempts").asInt()).isEqualTo(1); // permanent: not retried by itself
            assertThat(green.getReceivedMessages()).isEmpty();

            front.refuse.set(false);
            TestServer.Response retry = server.admin("POST", "/api/mail/" + mailId + "/retry", null);
            assertThat(retry.status()).isEqualTo(202);
            assertThat(to(MailServers.await(green, 1)[0])).isEqualTo("ada@example.com");
            Eventually.until("the mail is sent", LIMIT, () -> MailServers.mailState(server, id).equals("sent"));
            assertThat(server.admin("POST", "/api/mail/" + mailId + "/retry", null).status()).isEqualTo(409);
        } finally {
            green.stop();
        }
    }

    @Test
    void starttls_with_a_self_signed_certificate_delivers_once_usher_trusts_that_certificate() throws Exception {
        Tls tls = Tls.localCa(dir.resolve("relay"));
        KeyStore keys = tls.keyStore();
        Path pem = dir.resolve("relay.pem");
        String alias = Collections.list(keys.aliases()).get(0);
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getCertificate(alias).getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        GreenMail green = MailServers.greenMail(0);
        try (SmtpFront front = SmtpFront.startTls(MailServers.smtpPort(green), keys, tls.password().toCharArray())) {
            String url = "smtp://127.0.0.1:" + front.port();
            // Not trusted: the handshake fails, the mail waits in the queue.
            try (TestServer server = TestServer.start(MailServers.config(dir.resolve("a"), null, url, null))) {
                String id = server.register("Ada Lovelace", "ada@example.com").get("id").asText();
                server.admin("POST", "/api/tickets/send", "{\"ids\":[\"" + id + "\"]}");
                Eventually.until("a failed attempt", LIMIT,
                        () -> server.get("/api/mail", TestServer.ADMIN_TOKEN).json().get("recent").get(0).get("attempts").asInt() >= 1);
                assertThat(server.get("/api/mail", TestServer.ADMIN_TOKEN).json().get("recent").get(0).get("error").asText())
                        .containsIgnoringCase("certif");
                assertThat(MailServers.mailState(server, id)).isEqualTo("queued");
            }
            try (TestServer server = TestServer.start(MailServers.config(dir.resolve("b"), null, url, pem))) {
                String id = server.register("Grace Hopper", "grace@example.com").get("id").asText();
                server.admin("POST", "/api/tickets/send", "{\"ids\":[\"" + id + "\"]}");
                assertThat(to(MailServers.await(green, 1)[0])).isEqualTo("grace@example.com");
                Eventually.until("sent", LIMIT, () -> MailServers.mailState(server, id).equals("sent"));
            }
            assertThat(front.upgraded.get()).isGreaterThanOrEqualTo(1);
        } finally {
            green.stop();
        }
    }

    @Test
    void without_a_relay_mails_are_eml_files_in_the_outbox_folder_and_staff_see_them() throws Exception {
        Path data = dir.resolve("data");
        try (TestServer server = MailServers.usher(data, null)) {
            TestServer.Response r = server.post("/api/registrations", "{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"}");
            String code = r.json().get("ticket").get("code").asText();
            Eventually.until("the mail is in the outbox", LIMIT,
                    () -> server.get("/api/mail", TestServer.ADMIN_TOKEN).json().get("sent").asInt() == 1);
            var overview = server.get("/api/mail", TestServer.ADMIN_TOKEN).json();
            assertThat(overview.get("transport").asText()).isEqualTo("outbox");
            var mail = overview.get("recent").get(0);
            assertThat(mail.get("to").asText()).isEqualTo("ada@example.com");
            assertThat(mail.get("subject").asText()).isEqualTo("Your ticket for Serverless: an inside look");

            List<Path> files;
            try (Stream<Path> s = Files.list(data.resolve("outbox"))) {
                files = s.toList();
            }
            assertThat(files).containsExactly(data.resolve("outbox").resolve(mail.get("id").asText() + ".eml"));
            try (InputStream in = Files.newInputStream(files.get(0))) {
                MimeMessage eml = new MimeMessage(Session.getInstance(new Properties()), in);
                assertThat(to(eml)).isEqualTo("ada@example.com");
                assertThat(MailParts.of(eml).text()).contains("/t/" + code);
            }
        }
    }

    @Test
    void a_reissued_ticket_mails_its_new_code_and_says_the_old_one_is_replaced() throws Exception {
        GreenMail green = MailServers.greenMail(0);
        try (TestServer server = MailServers.usher(dir, "smtp://127.0.0.1:" + MailServers.smtpPort(green))) {
            var t = server.register("Ada Lovelace", "ada@example.com");
            TestServer.Response r = server.admin("POST", "/api/tickets/" + t.get("id").asText() + "/revoke", "{\"reissue\":true}");
            String newCode = r.json().get("ticket").get("code").asText();
            assertThat(newCode).isNotEqualTo(t.get("code").asText());
            MailParts parts = MailParts.of(MailServers.await(green, 1)[0]);
            assertThat(parts.text()).contains("/t/" + newCode, "replaces the one you had before").doesNotContain(t.get("code").asText());
        } finally {
            green.stop();
        }
    }

    @Test
    void staff_can_issue_a_ticket_and_mail_it_in_one_call() {
        GreenMail green = MailServers.greenMail(0);
        try (TestServer server = MailServers.usher(dir, "smtp://127.0.0.1:" + MailServers.smtpPort(green))) {
            TestServer.Response r = server.admin("POST", "/api/tickets", "{\"name\":\"Ada\",\"email\":\"ada@example.com\",\"send\":true}");
            assertThat(r.status()).isEqualTo(201);
            assertThat(r.json().get("ticket").get("mail").get("state").asText()).isEqualTo("queued");
            assertThat(to(MailServers.await(green, 1)[0])).isEqualTo("ada@example.com");
            TestServer.Response quiet = server.admin("POST", "/api/tickets", "{\"name\":\"Bo\",\"email\":\"bo@example.com\"}");
            assertThat(quiet.json().get("ticket").get("mail").get("state").asText()).isEqualTo("never");
        } finally {
            green.stop();
        }
    }

    private static String to(MimeMessage m) {
        try {
            return ((InternetAddress) m.getAllRecipients()[0]).getAddress();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
