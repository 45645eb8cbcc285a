package dev.usher.ticket;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.usher.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** PATCH /api/tickets/{id}: staff correct a name or email; it is audited and search follows. */
class TicketEditTest {
    @TempDir
    Path data;

    @Test
    void a_corrected_name_and_email_are_saved_audited_found_by_search_and_keep_the_code() {
        try (TestServer server = TestServer.start(data)) {
            JsonNode t = server.register("Francois Dubios", "francois@exmaple.com");
            String id = t.get("id").asText();
            TestServer.Response r = server.admin("PATCH", "/api/tickets/" + id, "{\"name\":\"François Dubois\",\"email\":\"Francois@Example.com\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().at("/ticket/name").asText()).isEqualTo("François Dubois");
            assertThat(r.json().at("/ticket/email").asText()).isEqualTo("francois@example.com");
            assertThat(r.json().at("/ticket/code").asText()).isEqualTo(t.get("code").asText());

            assertThat(server.get("/api/tickets?q=dubois", TestServer.ADMIN_TOKEN).json().get("tickets").findValuesAsText("id")).containsExactly(id);
            assertThat(server.get("/api/tickets?q=dubios", TestServer.ADMIN_TOKEN).json().get("tickets")).isEmpty();

            JsonNode edits = server.get("/api/tickets/" + id + "/edits", TestServer.ADMIN_TOKEN).json().get("edits");
            assertThat(edits.findValuesAsText("field")).containsExactly("name", "email");
            assertThat(edits.get(0).get("from").asText()).isEqualTo("Francois Dubios");
            assertThat(edits.get(0).get("to").asText()).isEqualTo("François Dubois");
            assertThat(edits.get(0).get("by").asText()).isEqualTo("Staff");
        }
    }

    @Test
    void bad_edits_are_refused_and_change_nothing() {
        try (TestServer server = TestServer.start(data)) {
            String id = server.register("Ada Lovelace", "ada@example.com").get("id").asText();
            server.register("Grace Hopper", "grace@example.com");
            assertError(server.admin("PATCH", "/api/tickets/" + id, "{\"email\":\"GRACE@example.com\"}"), 409, "email_taken");
            assertError(server.admin("PATCH", "/api/tickets/" + id, "{\"name\":\"\"}"), 400, "invalid_name");
            assertError(server.admin("PATCH", "/api/tickets/" + id, "{\"email\":\"not-an-address\"}"), 400, "invalid_email");
            assertError(server.admin("PATCH", "/api/tickets/" + id, "{}"), 400, "nothing_to_change");
            assertError(server.admin("PATCH", "/api/tickets/nope", "{\"name\":\"X\"}"), 404, "ticket_not_found");
            JsonNode t = server.get("/api/tickets/" + id, TestServer.ADMIN_TOKEN).json().get("ticket");
            assertThat(t.get("email").asText()).isEqualTo("ada@example.com");
            assertThat(t.get("name").asText()).isEqualTo("Ada Lovelace");
            assertThat(server.get("/api/tickets/" + id + "/edits", TestServer.ADMIN_TOKEN).json().get("edits")).isEmpty();
            String kiosk = server.createKiosk("Door").get("token").asText();
            TestServer.Response byKiosk = server.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + "/api/tickets/" + id))
                    .header("Authorization", "Bearer " + kiosk).header("Content-Type", "application/json")
                    .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"Eve\"}")).build());
            assertThat(byKiosk.status()).isEqualTo(403);
        }
    }
}
