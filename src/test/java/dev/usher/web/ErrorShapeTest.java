package dev.usher.web;

import dev.usher.ServerTest;
import dev.usher.TestServer;

import org.junit.jupiter.api.Test;

import static dev.usher.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

class ErrorShapeTest extends ServerTest {

    @Test
    void unknown_api_paths_answer_404_json() {
        assertError(server.get("/api/nothing-here"), 404, "not_found");
    }

    @Test
    void a_path_jetty_refuses_answers_json_whatever_the_method() {
        // Jetty writes its own error pages for GET, POST and HEAD only: PATCH once got an empty 400.
        for (String method : new String[]{"GET", "POST", "PATCH", "DELETE"}) {
            TestServer.Response r = server.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(server.baseUrl() + "/api/tickets/v%A1p%C4%E8;x=3"))
                    .header("Content-Type", "application/json")
                    .method(method, java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build());
            assertThat(r.status()).as(method).isBetween(400, 499);
            assertThat(r.header("Content-Type")).as(method).startsWith("application/json");
        }
    }

    @Test
    void a_body_over_the_limit_is_refused_before_it_is_read() {
        String huge = "{\"name\":\"" + "a".repeat(200_000) + "\",\"email\":\"a@b.co\"}";
        TestServer.Response r = server.post("/api/registrations", huge);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().get("error").asText()).isEqualTo("too_large");
        assertThat(server.get("/api/stats", TestServer.ADMIN_TOKEN).json().get("registered").asInt()).isZero();
    }

    @Test
    void malformed_json_on_every_json_endpoint_is_a_400_with_the_error_shape() {
        String kiosk = server.createKiosk("Door A").get("token").asText();
        assertError(server.post("/api/registrations", "{oops"), 400, "bad_json");
        assertError(server.post("/api/tickets", "{oops", TestServer.ADMIN_TOKEN), 400, "bad_json");
        assertError(server.post("/api/checkins", "{oops", kiosk), 400, "bad_json");
        assertError(server.post("/api/kiosks", "{oops", TestServer.ADMIN_TOKEN), 400, "bad_json");
        assertError(server.post("/api/kiosks", "{\"name\":\"\"}", TestServer.ADMIN_TOKEN), 400, "invalid_name");
    }
}
