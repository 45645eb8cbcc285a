package dev.usher.ticket;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.ServerTest;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.usher.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** Control and invisible formatting characters are refused wherever text comes in. */
class HiddenCharactersTest extends ServerTest {
    private static final List<String> HIDDEN = List.of("\u0000", "\u0007", "\u001b", "\u0085", "\u202e", "\u202c", "\u200b", "\u2066", "\ufeff", "\u00ad");
    private final ObjectMapper json = new ObjectMapper();

    private TestServer.Response issue(String name, String email, Map<String, String> fields) throws Exception {
        return server.post("/api/tickets", json.writeValueAsString(Map.of("name", name, "email", email, "fields", fields)), TestServer.ADMIN_TOKEN);
    }

    @Test
    void names_emails_and_fields_with_hidden_characters_are_refused_naming_the_field() throws Exception {
        for (String c : HIDDEN) {
            TestServer.Response name = issue("Ada" + c + " Lovelace", "ada@example.com", Map.of());
            assertError(name, 400, "invalid_name");
            assertThat(name.json().get("message").asText()).contains("name");
            assertError(issue("Ada", "ada" + c + "@example.com", Map.of()), 400, "invalid_email");
            TestServer.Response field = issue("Ada", "ada@example.com", Map.of("company", "ACME" + c));
            assertError(field, 400, "invalid_fields");
            assertThat(field.json().get("message").asText()).contains("company");
        }
        assertThat(server.get("/api/stats", TestServer.ADMIN_TOKEN).json().get("registered").asInt()).isZero();
    }

    @Test
    void a_reversed_email_cannot_pose_as_another_address_and_one_email_holds_one_ticket() throws Exception {
        assertError(issue("Eve", "admin\u202e@moc.elpmaxe\u202c.evil.com", Map.of()), 400, "invalid_email");
        assertThat(issue("Renée", "rene\u0301e@example.com", Map.of()).status()).isEqualTo(201);
        // The same address written with a precomposed é, in capitals, with spaces: the same person.
        TestServer.Response again = issue("Renée", "  RENÉE@Example.COM ", Map.of());
        assertThat(again.status()).as(again.body()).isEqualTo(409);
    }

    @Test
    void device_names_and_annul_reasons_with_hidden_characters_are_refused() {
        assertError(server.post("/api/kiosks", "{\"name\":\"Door \\u202eA\"}", TestServer.ADMIN_TOKEN), 400, "invalid_name");
        String code = server.register("Ada", "ada@example.com").get("code").asText();
        long id = server.checkIn(code, TestServer.ADMIN_TOKEN).json().get("checkinId").asLong();
        assertError(server.post("/api/checkins/" + id + "/annul", "{\"reason\":\"oops\\u0000\"}", TestServer.ADMIN_TOKEN),
                400, "invalid_reason");
    }
}
