package dev.usher.ticket;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.Config;
import dev.usher.ServerTest;
import dev.usher.TestServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.usher.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

class RegistrationTest extends ServerTest {

    @Test
    void registering_returns_a_ticket_with_a_code_and_its_page() {
        TestServer.Response r = server.post("/api/registrations", "{\"name\":\" Ada Lovelace \",\"email\":\"Ada@Example.com\"}");
        assertThat(r.status()).isEqualTo(201);
        JsonNode t = r.json().get("ticket");
        assertThat(t.get("name").asText()).isEqualTo("Ada Lovelace");
        assertThat(t.get("email").asText()).isEqualTo("ada@example.com");
        assertThat(t.get("code").asText()).matches("[A-Z2-7]{124}");
        assertThat(t.get("url").asText()).isEqualTo("/t/" + t.get("code").asText());
        assertThat(server.get(t.get("url").asText()).status()).isEqualTo(200);
    }

    @Test
    void the_same_email_cannot_register_twice_whatever_its_case_and_gets_its_ticket_mailed_again() {
        server.register("Ada Lovelace", "ada@example.com");
        TestServer.Response again = server.post("/api/registrations", "{\"name\":\"Someone Else\",\"email\":\" ADA@example.COM\"}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("result").asText()).isEqualTo("resent");
        assertThat(again.json().has("ticket")).isFalse();
        assertThat(server.get("/api/stats", TestServer.ADMIN_TOKEN).json().get("registered").asInt()).isEqualTo(1);
        TestServer.Response staff = server.post("/api/tickets", "{\"name\":\"Someone Else\",\"email\":\" ADA@example.COM\"}", TestServer.ADMIN_TOKEN);
        assertThat(staff.status()).isEqualTo(409);
        assertThat(staff.json().get("error").asText()).isEqualTo("email_taken");
        assertThat(staff.json().get("message").asText()).contains("ada@example.com");
    }

    @Test
    void missing_or_malformed_names_and_emails_are_refused_with_a_reason() {
        assertError(server.post("/api/registrations", "{\"name\":\"\",\"email\":\"a@b.co\"}"), 400, "invalid_name");
        assertError(server.post("/api/registrations", "{\"email\":\"a@b.co\"}"), 400, "invalid_name");
        assertError(server.post("/api/registrations", "{\"name\":\"Bell\\u0007\",\"email\":\"a@b.co\"}"), 400, "invalid_name");
        assertError(server.post("/api/registrations", "{\"name\":\"" + "x".repeat(201) + "\",\"email\":\"a@b.co\"}"), 400, "invalid_name");
        assertError(server.post("/api/registrations", "{\"name\":\"Ada\",\"email\":\"not-an-email\"}"), 400, "invalid_email");
        assertError(server.post("/api/registrations", "{\"name\":\"Ada\"}"), 400, "invalid_email");
        assertThat(server.get("/api/stats", TestServer.ADMIN_TOKEN).json().get("registered").asInt()).isZero();
    }

    @Test
    void malformed_json_and_wrong_types_get_400_with_the_error_shape() {
        assertError(server.post("/api/registrations", "{\"name\":"), 400, "bad_json");
        assertError(server.post("/api/registrations", "[1,2]"), 400, "bad_json");
        assertError(server.post("/api/registrations", ""), 400, "bad_json");
        assertError(server.post("/api/registrations", "{\"name\":5,\"email\":\"a@b.co\"}"), 400, "bad_json");
        assertError(server.post("/api/registrations", "{\"name\":{\"x\":1},\"email\":\"a@b.co\"}"), 400, "bad_json");
    }

    @Test
    void closed_registration_refuses_self_service_but_staff_can_still_issue(@TempDir Path other) throws IOException {
        server.close();
        String seed = new String(RegistrationTest.class.getResourceAsStream("/seed-event.json").readAllBytes());
        Path event = other.resolve("closed.json");
        Files.writeString(event, seed.replace("\"open\": true", "\"open\": false"));
        server = TestServer.start(new Config("127.0.0.1", 0, data, event, TestServer.ADMIN_TOKEN));

        assertThat(server.get("/api/event").json().get("registrationOpen").asBoolean()).isFalse();
        TestServer.Response r = server.post("/api/registrations", "{\"name\":\"Ada\",\"email\":\"ada@example.com\"}");
        assertError(r, 403, "registration_closed");
        TestServer.Response staff = server.post("/api/tickets", "{\"name\":\"Ada\",\"email\":\"ada@example.com\"}", TestServer.ADMIN_TOKEN);
        assertThat(staff.status()).isEqualTo(201);
        assertThat(staff.json().at("/ticket/source").asText()).isEqualTo("staff");
    }

    @Test
    void staff_issue_tickets_with_extra_fields_and_find_them_again() {
        TestServer.Response r = server.post("/api/tickets",
                "{\"name\":\"Grace Hopper\",\"email\":\"grace@navy.mil\",\"fields\":{\"company\":\"US Navy\"}}", TestServer.ADMIN_TOKEN);
        assertThat(r.status()).isEqualTo(201);
        String id = r.json().at("/ticket/id").asText();
        JsonNode fetched = server.get("/api/tickets/" + id, TestServer.ADMIN_TOKEN).json().get("ticket");
        assertThat(fetched.at("/fields/company").asText()).isEqualTo("US Navy");
        assertThat(fetched.get("code").asText()).isEqualTo(r.json().at("/ticket/code").asText());
        assertThat(server.get("/api/tickets/nope", TestServer.ADMIN_TOKEN).status()).isEqualTo(404);
    }

    @Test
    void search_needs_three_characters_and_returns_only_a_handful() {
        for (int i = 0; i < 20; i++) {
            server.register("Smith Number " + i, "smith" + i + "@example.com");
        }
        server.register("Ada Lovelace", "ada@example.com");
        assertError(server.get("/api/tickets?q=Sm", TestServer.ADMIN_TOKEN), 400, "query_too_short");
        JsonNode smiths = server.get("/api/tickets?q=smith", TestServer.ADMIN_TOKEN).json().get("tickets");
        assertThat(smiths.size()).isEqualTo(TicketService.SEARCH_MAX_RESULTS);
        JsonNode ada = server.get("/api/tickets?q=lovel", TestServer.ADMIN_TOKEN).json().get("tickets");
        assertThat(ada.size()).isEqualTo(1);
        assertThat(ada.get(0).get("name").asText()).isEqualTo("Ada Lovelace");
        assertThat(ada.get(0).has("code")).isFalse();
        // Wildcards are matched literally, not as patterns.
        assertThat(server.get("/api/tickets?q=%25%25%25", TestServer.ADMIN_TOKEN).json().get("tickets").size()).isZero();
    }
}
