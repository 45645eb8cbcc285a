package dev.usher.auth;

import dev.usher.ServerTest;
import dev.usher.TestServer;
import io.javalin.router.Endpoint;
import io.javalin.router.ParsedEndpoint;
import io.javalin.security.Roles;
import io.javalin.security.RouteRole;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AccessTest extends ServerTest {

    /** The route table itself, so that a route added later is checked without touching this test. */
    private List<Endpoint> routes() {
        return server.app().unsafe.internalRouter.allHttpHandlers().stream()
                .map((ParsedEndpoint p) -> p.endpoint)
                .filter(e -> e.method.isHttpMethod())
                .toList();
    }

    private static Set<RouteRole> roles(Endpoint e) {
        Roles roles = e.metadata(Roles.class);
        return roles == null ? Set.of() : roles.getRoles();
    }

    private TestServer.Response call(Endpoint e, String token) {
        String path = e.path.replaceAll("\\{[^}]+}", "x");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Content-Type", "application/json")
                .method(e.method.name(), HttpRequest.BodyPublishers.ofString("{}"));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return server.send(b.build());
    }

    @Test
    void every_route_declares_who_may_call_it() {
        assertThat(routes()).isNotEmpty().allSatisfy(e -> assertThat(roles(e)).as(e.method + " " + e.path).isNotEmpty());
    }

    @Test
    void every_non_public_route_answers_401_without_a_token_or_with_a_wrong_one() {
        List<Endpoint> closed = routes().stream().filter(e -> !roles(e).contains(Role.ANYONE)).toList();
        assertThat(closed).hasSizeGreaterThan(8);
        int wrong = 0;
        for (Endpoint e : closed) {
            // Wrong tokens are limited per address (Throttle): a fresh server before the burst runs out.
            if (wrong + 2 > Throttle.WRONG_TOKENS_PER_ADDRESS.burst()) {
                server.close();
                server = TestServer.start(data);
                wrong = 0;
            }
            wrong += 2;
            for (String token : new String[]{null, "wrong-token", ""}) {
                TestServer.Response r = call(e, token);
                assertThat(r.status()).as(e.method + " " + e.path + " with " + token).isEqualTo(401);
                assertThat(r.json().get("error").asText()).isEqualTo("unauthorized");
            }
        }
    }

    @Test
    void no_spelling_of_a_closed_route_opens_it_without_a_token() {
        List<Endpoint> closed = routes().stream().filter(e -> !roles(e).contains(Role.ANYONE)).toList();
        for (Endpoint e : closed) {
            String path = e.path.replaceAll("\\{[^}]+}", "x");
            for (String spelling : List.of(path + "/", "/" + path, path.toUpperCase(), path + ";x=1", path.replace("/api/", "/api//"))) {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + spelling))
                        .header("Content-Type", "application/json")
                        .method(e.method.name(), HttpRequest.BodyPublishers.ofString("{}"));
                TestServer.Response r = server.send(b.build());
                assertThat(r.status()).as(e.method + " " + spelling + " -> " + r.body()).isIn(400, 401, 404);
            }
        }
    }

    @Test
    void a_kiosk_token_is_refused_with_403_where_kiosks_may_not_go() {
        String kiosk = server.createKiosk("Door A").get("token").asText();
        List<Endpoint> adminOnly = routes().stream()
                .filter(e -> !roles(e).contains(Role.ANYONE) && !roles(e).contains(Role.KIOSK))
                .toList();
        assertThat(adminOnly).extracting(e -> e.path).contains("/api/kiosks", "/api/tickets/import", "/api/checkins.csv");
        for (Endpoint e : adminOnly) {
            TestServer.Response r = call(e, kiosk);
            assertThat(r.status()).as(e.method + " " + e.path).isEqualTo(403);
            assertThat(r.json().get("error").asText()).isEqualTo("forbidden");
        }
    }

    @Test
    void a_kiosk_may_scan_search_and_read_stats() {
        String kiosk = server.createKiosk("Door A").get("token").asText();
        String code = server.register("Ada Lovelace", "ada@example.com").get("code").asText();
        assertThat(server.checkIn(code, kiosk).status()).isEqualTo(201);
        assertThat(server.get("/api/tickets?q=ada", kiosk).status()).isEqualTo(200);
        assertThat(server.get("/api/stats", kiosk).status()).isEqualTo(200);
    }

    @Test
    void a_revoked_kiosk_is_locked_out_at_once() {
        var k = server.createKiosk("Lost tablet");
        String token = k.get("token").asText();
        assertThat(server.get("/api/stats", token).status()).isEqualTo(200);
        TestServer.Response revoked = server.admin("POST", "/api/kiosks/" + k.get("id").asText() + "/revoke", null);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().get("revoked").asBoolean()).isTrue();
        assertThat(server.get("/api/stats", token).status()).isEqualTo(401);
        assertThat(server.get("/api/kiosks", TestServer.ADMIN_TOKEN).json().at("/kiosks/0/revoked").asBoolean()).isTrue();
    }

    @Test
    void kiosk_tokens_are_shown_once_and_never_listed() {
        server.createKiosk("Door A");
        String list = server.get("/api/kiosks", TestServer.ADMIN_TOKEN).body();
        assertThat(list).contains("Door A").doesNotContain("token");
    }

    @Test
    void anonymous_callers_get_event_info_registration_and_ticket_pages_only() {
        assertThat(server.get("/api/event").status()).isEqualTo(200);
        assertThat(server.get("/api/stats").status()).isEqualTo(401);
        assertThat(server.get("/api/tickets?q=ada").status()).isEqualTo(401);
        List<String> open = routes().stream().filter(e -> roles(e).contains(Role.ANYONE)).map(e -> e.method + " " + e.path).toList();
        // The mail preview is public only to whoever holds a ten-minute link an admin asked for. The
        // local CA's certificate and the trust page's facts are public: a device needs them before it trusts anything.
        // The kiosk's service worker is the kiosk page's own script, public as the page is. The API's
        // description is public: it tells nothing a token would not.
        assertThat(open).containsExactlyInAnyOrder("GET /kiosk/sw.js", "GET /api/event", "GET /api/health", "GET /api/tls", "GET /ca.pem", "GET /ca.crt", "POST /api/registrations",
                "POST /api/registrations/resend", "GET /api/registration", "GET /mail-preview/{token}", "GET /t/{code}", "GET /t/{code}/ticket.json", "GET /t/{code}/qr.png", "GET /t/{code}/qr.svg",
                "GET /api/openapi.json", "GET /api/docs");
    }
}
