package dev.usher.checkin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.usher.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** POST /api/walkins: a ticket issued and admitted in one transaction. */
class WalkInTest {
    @TempDir
    Path data;
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(data);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode stats() {
        return server.get("/api/stats", TestServer.ADMIN_TOKEN).json();
    }

    @Test
    void a_walk_in_without_an_email_is_issued_and_admitted_at_once_and_gets_no_mail() {
        TestServer.Response r = server.admin("POST", "/api/walkins", "{\"name\":\"Walk In\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().at("/checkin/status").asText()).isEqualTo("ok");
        assertThat(r.json().at("/checkin/title").asText()).isEqualTo("Welcome, Walk In");
        assertThat(r.json().at("/ticket/email").asText()).endsWith("@walk-in.invalid");
        assertThat(r.json().at("/ticket/code").asText()).hasSize(124);
        assertThat(r.json().at("/ticket/mail/state").asText()).isEqualTo("never");
        assertThat(stats().get("registered").asInt()).isEqualTo(1);
        assertThat(stats().get("checkedIn").asInt()).isEqualTo(1);
        // The ticket works like any other: scanning it now says already checked in.
        TestServer.Response again = server.checkIn(r.json().at("/ticket/code").asText(), TestServer.ADMIN_TOKEN);
        assertThat(again.json().get("reason").asText()).isEqualTo("already_redeemed");
        assertThat(server.admin("POST", "/api/tickets/send", "{\"unsent\":true}").json().get("queued").asInt()).isZero();
    }

    @Test
    void a_walk_in_with_an_email_is_mailed_and_can_be_admitted_on_a_talk_list() {
        TestServer.Response r = server.admin("POST", "/api/walkins",
                "{\"name\":\"Grace Hopper\",\"email\":\"Grace@Example.com\",\"list\":\"how-workers-work\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().at("/checkin/list").asText()).isEqualTo("how-workers-work");
        assertThat(r.json().at("/ticket/email").asText()).isEqualTo("grace@example.com");
        assertThat(r.json().at("/ticket/mail/state").asText()).isIn("queued", "sent");
        assertThat(server.get("/api/mail", TestServer.ADMIN_TOKEN).json().get("recent").size()).isEqualTo(1);
    }

    @Test
    void a_bad_walk_in_leaves_neither_a_ticket_nor_an_entry() {
        assertError(server.admin("POST", "/api/walkins", "{\"name\":\"Ada\",\"list\":\"no-such-talk\"}"), 400, "unknown_list");
        assertError(server.admin("POST", "/api/walkins", "{\"name\":\"\"}"), 400, "invalid_name");
        assertError(server.admin("POST", "/api/walkins", "{\"name\":\"Ada\",\"email\":\"nope\"}"), 400, "invalid_email");
        server.register("Ada Lovelace", "ada@example.com");
        assertError(server.admin("POST", "/api/walkins", "{\"name\":\"Ada\",\"email\":\"ada@example.com\"}"), 409, "email_taken");
        assertThat(stats().get("registered").asInt()).isEqualTo(1);
        assertThat(stats().get("checkedIn").asInt()).isZero();
    }

    @Test
    void door_staff_add_walk_ins_one_after_another_without_the_public_forms_limit() {
        String kiosk = server.createKiosk("Desk").get("token").asText();
        for (int i = 0; i < 15; i++) {
            TestServer.Response r = server.post("/api/walkins", "{\"name\":\"Guest " + i + "\"}", kiosk);
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        assertThat(stats().get("checkedIn").asInt()).isEqualTo(15);
        assertThat(server.post("/api/walkins", "{\"name\":\"Eve\"}").status()).isEqualTo(401);
    }
}
