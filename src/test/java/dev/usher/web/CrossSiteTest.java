package dev.usher.web;

import dev.usher.ServerTest;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;

import static dev.usher.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** What another site's page can make a visitor's browser send us, and what it gets. */
class CrossSiteTest extends ServerTest {
    private static final String ADA = "{\"name\":\"Ada\",\"email\":\"ada@example.com\"}";

    private TestServer.Response register(String contentType, String origin) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/registrations"))
                .POST(HttpRequest.BodyPublishers.ofString(ADA));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        return server.send(b.build());
    }

    private int registered() {
        return server.get("/api/stats", TestServer.ADMIN_TOKEN).json().get("registered").asInt();
    }

    @Test
    void a_form_post_in_text_plain_creates_no_ticket() {
        // <form enctype="text/plain"> needs no CORS preflight: the type is what stops it.
        assertError(register("text/plain", null), 415, "unsupported_media_type");
        assertError(register(null, null), 415, "unsupported_media_type");
        assertError(register("application/x-www-form-urlencoded", null), 415, "unsupported_media_type");
        assertThat(registered()).isZero();
    }

    @Test
    void a_registration_from_another_origin_is_refused_and_our_own_pages_pass() {
        assertError(register("application/json", "https://evil.example"), 403, "cross_origin");
        assertError(register("application/json", "null"), 403, "cross_origin");
        assertThat(registered()).isZero();
        assertThat(register("application/json; charset=utf-8", server.baseUrl()).status()).isEqualTo(201);
        assertThat(registered()).isEqualTo(1);
    }

    @Test
    void a_method_override_header_is_refused_before_any_route() {
        HttpRequest r = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/event"))
                .header("X-HTTP-Method-Override", "DELETE")
                .GET().build();
        assertError(server.send(r), 400, "method_override");
    }
}
