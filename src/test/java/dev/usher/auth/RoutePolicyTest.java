package dev.usher.auth;

import dev.usher.ServerTest;
import dev.usher.TestServer;
import dev.usher.web.RateLimiter;
import io.javalin.router.Endpoint;
import io.javalin.router.ParsedEndpoint;
import io.javalin.security.Roles;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate limits hang on routes: every spelling Javalin or Jetty may route to a limited handler
 * (trailing slash, double slash, upper case, {@code ;}-parameters) draws from the same allowance.
 */
class RoutePolicyTest extends ServerTest {
    private static final List<String> SPELLINGS = List.of("%s", "%s/", "/%s", "%s;x=1", "UPPER");

    /** Which limit each route of the route table declares, read from the table itself. */
    private Set<Limit> declaredLimits() {
        Set<Limit> limits = EnumSet.noneOf(Limit.class);
        for (ParsedEndpoint p : server.app().unsafe.internalRouter.allHttpHandlers()) {
            Endpoint e = p.endpoint;
            Roles roles = e.metadata(Roles.class);
            if (roles != null) {
                roles.getRoles().stream().filter(Limit.class::isInstance).map(Limit.class::cast).forEach(limits::add);
            }
        }
        return limits;
    }

    @Test
    void every_limit_is_declared_on_a_route_and_checked_here() {
        assertThat(declaredLimits()).containsExactlyInAnyOrder(Limit.values());
    }

    @Test
    void scans_are_limited_however_the_path_is_spelled() {
        String kiosk = server.createKiosk("Door A").get("token").asText();
        assertLimited(Throttle.SCANS_PER_DEVICE, "/api/checkins",
                path -> post(path, "{\"code\":\"GUESS\"}", kiosk), r -> r.body().contains("\"reason\""));
    }

    @Test
    void searches_are_limited_however_the_path_is_spelled() {
        String kiosk = server.createKiosk("Door A").get("token").asText();
        assertLimited(Throttle.SEARCHES_PER_DEVICE, "/api/tickets",
                path -> server.get(path + "?q=ada", kiosk), r -> r.status() == 200);
    }

    @Test
    void registrations_are_limited_however_the_path_is_spelled() {
        int[] n = {0};
        assertLimited(Throttle.REGISTRATIONS_PER_ADDRESS, "/api/registrations",
                path -> post(path, "{\"name\":\"Bot\",\"email\":\"bot" + n[0]++ + "@example.com\"}", null), r -> r.status() == 201);
    }

    @Test
    void ticket_pages_are_limited_however_the_path_is_spelled() {
        assertLimited(Throttle.TICKET_PAGES_PER_ADDRESS, "/t/NOSUCHCODE/ticket.json",
                path -> server.get(path), r -> r.body().contains("\"invalid\""));
    }

    /**
     * Sends three bursts' worth of requests, rotating over the spellings, and counts those the
     * route's handler answered: never more than the burst plus what the rate refilled meanwhile.
     */
    private void assertLimited(RateLimiter.Rule rule, String path, Sender send, Predicate<TestServer.Response> handled) {
        List<String> answered = new ArrayList<>();
        int served = 0;
        long start = System.nanoTime();
        for (int i = 0; i < rule.burst() * 3 + 10; i++) {
            String spelling = SPELLINGS.get(i % SPELLINGS.size());
            String p = spelling.equals("UPPER") ? path.toUpperCase() : String.format(spelling, path);
            TestServer.Response r = send.to(p);
            if (handled.test(r)) {
                served++;
                answered.add(p);
            }
        }
        double refilled = (System.nanoTime() - start) / 1e9 * rule.perSecond();
        assertThat(served).as("served " + answered).isLessThanOrEqualTo(rule.burst() + (int) Math.ceil(refilled) + 1);
    }

    private TestServer.Response post(String path, String body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return server.send(b.build());
    }

    private interface Sender {
        TestServer.Response to(String path);
    }
}
