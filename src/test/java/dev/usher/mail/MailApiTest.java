package dev.usher.mail;

import dev.usher.Config;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.usher.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The mail routes' answers to staff and to bad input; the event file's mail options; the relay's password. */
class MailApiTest {
    @TempDir
    Path dir;

    @Test
    void confirm_by_email_shows_no_ticket_and_answers_alike_for_new_and_known_addresses() throws Exception {
        String seed = new String(MailApiTest.class.getResourceAsStream("/seed-event.json").readAllBytes());
        Path event = dir.resolve("event.json");
        Files.writeString(event, seed.replace("\"open\": true", "\"open\": true, \"confirmByEmail\": true")
                .replace("\"doorsOpen\": \"18:00\",", "\"doorsOpen\": \"18:00\", \"mail\": {\"subject\": \"{name}: your seat at {event}\"},"));
        try (TestServer server = TestServer.start(MailServers.config(dir.resolve("data"), event, null, null))) {
            assertThat(server.get("/api/event").json().at("/registration/confirmByEmail").asBoolean()).isTrue();
            TestServer.Response first = server.post("/api/registrations", "{\"name\":\"Ada\",\"email\":\"ada@example.com\"}");
            TestServer.Response second = server.post("/api/registrations", "{\"name\":\"Not Ada\",\"email\":\"ada@example.com\"}");
            assertThat(first.status()).isEqualTo(202);
            assertThat(first.json().has("ticket")).isFalse();
            assertThat(second.status()).isEqualTo(first.status());
            assertThat(second.body()).isEqualTo(first.body());
            var recent = server.get("/api/mail", TestServer.ADMIN_TOKEN).json().get("recent");
            assertThat(recent.get(0).get("subject").asText()).isEqualTo("Ada: your seat at Serverless: an inside look");
        }
    }

    @Test
    void bulk_send_refuses_unclear_selections_and_unknown_tickets_without_queueing_anything() {
        try (TestServer server = MailServers.usher(dir.resolve("data"), null)) {
            String id = server.register("Ada", "ada@example.com").get("id").asText();
            assertError(server.admin("POST", "/api/tickets/send", "{}"), 400, "bad_selection");
            assertError(server.admin("POST", "/api/tickets/send", "{\"unsent\":true,\"ids\":[\"" + id + "\"]}"), 400, "bad_selection");
            assertError(server.admin("POST", "/api/tickets/send", "{\"ids\":[]}"), 400, "bad_selection");
            assertError(server.admin("POST", "/api/tickets/send", "{\"ids\":[\"" + id + "\",\"nope\"]}"), 404, "ticket_not_found");
            assertError(server.admin("POST", "/api/tickets/send", "{\"ids\":\"" + id + "\"}"), 400, "bad_json");
            assertThat(server.get("/api/mail", TestServer.ADMIN_TOKEN).json().get("recent").size()).isZero();
            assertError(server.get("/api/mail?state=lost", TestServer.ADMIN_TOKEN), 400, "bad_state");
            assertError(server.admin("POST", "/api/mail/nope/retry", null), 404, "mail_not_found");
            assertError(server.admin("POST", "/api/mail/nope/preview", null), 404, "mail_not_found");
            assertThat(server.post("/api/tickets/send", "{\"unsent\":true}").status()).isEqualTo(401);
            assertThat(server.get("/api/mail").status()).isEqualTo(401);
        }
    }

    @Test
    void a_preview_link_shows_the_mail_html_in_a_frame_only_we_may_embed_and_expires_for_strangers() {
        try (TestServer server = MailServers.usher(dir.resolve("data"), null)) {
            String id = server.register("Ada <b>Lovelace</b>", "ada@example.com").get("id").asText();
            server.admin("POST", "/api/tickets/send", "{\"ids\":[\"" + id + "\"]}");
            String mailId = server.get("/api/mail", TestServer.ADMIN_TOKEN).json().get("recent").get(0).get("id").asText();
            TestServer.Response link = server.admin("POST", "/api/mail/" + mailId + "/preview", null);
            assertThat(link.status()).isEqualTo(201);
            String url = link.json().get("url").asText();
            assertThat(url).startsWith("/mail-preview/");

            TestServer.Response page = server.get(url);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.body()).contains("Ada &lt;b&gt;Lovelace&lt;/b&gt;", "data:image/png;base64,").doesNotContain("cid:");
            assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'", "sandbox", "frame-ancestors 'self'")
                    .doesNotContain("script-src");
            assertThat(page.header("X-Frame-Options")).isEqualTo("SAMEORIGIN");
            assertError(server.get("/mail-preview/not-a-link"), 404, "preview_expired");
        }
    }

    @Test
    void the_relays_password_never_shows_in_the_configuration_or_its_description() {
        Config config = Config.fromArgs(new String[]{"--mail-from", "Usher <t@example.org>"},
                Map.of(Config.SMTP_ENV, "smtp://mailer:s3cr3t-pa55@smtp.example.org:587"));
        assertThat(config.mail().smtp().password()).isEqualTo("s3cr3t-pa55");
        assertThat(config.toString()).doesNotContain("s3cr3t").contains("smtp://mailer:***@smtp.example.org:587");
        assertThat(config.mail().smtp().requireStartTls()).isTrue();
        assertThat(SmtpUrl.parse("smtp://127.0.0.1:2525").requireStartTls()).isFalse();
        assertThat(SmtpUrl.parse("smtps://u:p@smtp.example.org").port()).isEqualTo(465);
        assertThatThrownBy(() -> Config.fromArgs(new String[]{"--smtp", "smtp://relay.example.org"}, Map.of()))
                .hasMessageContaining("--mail-from");
        assertThatThrownBy(() -> Config.fromArgs(new String[]{"--smtp", "http://relay.example.org", "--mail-from", "a@b.co"}, Map.of()))
                .hasMessageContaining("smtp://");
        assertThatThrownBy(() -> Config.fromArgs(new String[]{"--public-url", "ftp://x"}, Map.of()))
                .hasMessageContaining("--public-url");
    }

    @Test
    void mail_links_use_the_public_url_when_one_is_set() {
        Config config = MailServers.config(dir.resolve("data"), null, null, null).withPublicUrl("https://tickets.example.org/");
        try (TestServer server = TestServer.start(config)) {
            TestServer.Response r = server.post("/api/registrations", "{\"name\":\"Ada\",\"email\":\"ada@example.com\"}");
            assertThat(r.status()).isEqualTo(201);
            String id = server.get("/api/mail", TestServer.ADMIN_TOKEN).json().get("recent").get(0).get("id").asText();
            String url = server.admin("POST", "/api/mail/" + id + "/preview", null).json().get("url").asText();
            assertThat(server.get(url).body()).contains("href=\"https://tickets.example.org/t/" + r.json().at("/ticket/code").asText() + "\"");
        }
    }
}
