package dev.usher.auth;

import dev.usher.Config;
import dev.usher.ServerTest;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.usher.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

class RateLimitTest extends ServerTest {

    @Test
    void a_kiosk_scanning_faster_than_any_door_gets_429_with_retry_after() {
        String kiosk = server.createKiosk("Door A").get("token").asText();
        List<Integer> statuses = new ArrayList<>();
        TestServer.Response limited = null;
        for (int i = 0; i < Throttle.SCANS_PER_DEVICE.burst() + 20 && limited == null; i++) {
            TestServer.Response r = server.checkIn("GUESS" + i, kiosk);
            statuses.add(r.status());
            if (r.status() == 429) {
                limited = r;
            }
        }
        assertThat(limited).as("statuses " + statuses).isNotNull();
        assertError(limited, 429, "rate_limited");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
        assertThat(statuses).filteredOn(s -> s == 404).hasSizeGreaterThanOrEqualTo(Throttle.SCANS_PER_DEVICE.burst() - 5);
    }

    @Test
    void the_organizers_admin_token_is_not_limited() {
        for (int i = 0; i < Throttle.SCANS_PER_DEVICE.burst() * 3; i++) {
            assertThat(server.checkIn("GUESS" + i, TestServer.ADMIN_TOKEN).status()).isEqualTo(404);
        }
    }

    @Test
    void registrations_from_one_address_are_limited() {
        TestServer.Response last = null;
        for (int i = 0; i <= Throttle.REGISTRATIONS_PER_ADDRESS.burst(); i++) {
            last = server.post("/api/registrations", "{\"name\":\"Bot " + i + "\",\"email\":\"bot" + i + "@example.com\"}");
        }
        assertError(last, 429, "rate_limited");
        assertThat(last.header("Retry-After")).isNotBlank();
        assertThat(server.get("/api/stats", TestServer.ADMIN_TOKEN).json().get("registered").asInt())
                .isEqualTo(Throttle.REGISTRATIONS_PER_ADDRESS.burst());
    }

    @Test
    void behind_a_trusted_proxy_each_client_it_names_has_its_own_limit_and_nobody_else_is_believed(@TempDir Path behindProxy) {
        int burst = (int) Throttle.REGISTRATIONS_PER_ADDRESS.burst();
        // No --trusted-proxy: a client naming itself in X-Forwarded-For is still the one address it comes from.
        for (int i = 0; i < burst; i++) {
            assertThat(register(server, "forged " + i, "203.0.113." + i).status()).isEqualTo(201);
        }
        assertError(register(server, "forged again", "203.0.113.99"), 429, "rate_limited");

        // The test client is the proxy (127.0.0.1): the client is the address it names, read from the right.
        try (TestServer proxied = TestServer.start(new Config("127.0.0.1", 0, behindProxy, null, TestServer.ADMIN_TOKEN)
                .withTrustedProxies(List.of("127.0.0.0/8", "10.0.0.5")))) {
            for (int i = 0; i < burst; i++) {
                assertThat(register(proxied, "ada " + i, "198.51.100.1").status()).isEqualTo(201);
            }
            assertError(register(proxied, "ada again", "198.51.100.1"), 429, "rate_limited");
            assertError(register(proxied, "ada through a second proxy", "198.51.100.1, 10.0.0.5"), 429, "rate_limited");
            assertError(register(proxied, "ada forging the left", "192.0.2.77, 198.51.100.1"), 429, "rate_limited");
            assertThat(register(proxied, "grace", "198.51.100.2").status()).as("another client").isEqualTo(201);
        }
    }

    private static TestServer.Response register(TestServer to, String name, String forwardedFor) {
        String body = "{\"name\":\"" + name + "\",\"email\":\"" + name.replace(' ', '.') + "@example.com\"}";
        return to.send(HttpRequest.newBuilder(URI.create(to.baseUrl() + "/api/registrations"))
                .header("Content-Type", "application/json").header("X-Forwarded-For", forwardedFor)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void guessing_tokens_is_slowed_down_but_real_tokens_keep_working() {
        String kiosk = server.createKiosk("Door A").get("token").asText();
        TestServer.Response r = null;
        for (int i = 0; i <= Throttle.WRONG_TOKENS_PER_ADDRESS.burst(); i++) {
            r = server.get("/api/stats", "guess-" + i);
        }
        assertError(r, 429, "too_many_attempts");
        assertThat(server.get("/api/stats", kiosk).status()).isEqualTo(200);
        assertThat(server.get("/api/stats", TestServer.ADMIN_TOKEN).status()).isEqualTo(200);
    }

    @Test
    void kiosk_searches_are_limited() {
        String kiosk = server.createKiosk("Door A").get("token").asText();
        TestServer.Response r = null;
        for (int i = 0; i <= Throttle.SEARCHES_PER_DEVICE.burst(); i++) {
            r = server.get("/api/tickets?q=abc" + i, kiosk);
        }
        assertError(r, 429, "rate_limited");
    }
}
