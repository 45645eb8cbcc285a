package dev.usher.web;

import dev.usher.TestServer;
import dev.usher.web.RawHttp.Answer;
import dev.usher.web.RawHttp.Req;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.usher.ApiAssertions.assertError;
import static dev.usher.TestServer.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server bugs {@link ApiFuzzTest} found, each pinned to the inputs that showed it: each test states
 * the right answer and fails until the bug is fixed. The requests go over {@link RawHttp} (the
 * inputs are bytes {@link java.net.http.HttpClient} would not send) from fresh loopback addresses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiFuzzRegressionTest {
    @TempDir
    static Path data;
    private TestServer server;
    private String ticketId;
    private final LoopbackAddresses addresses = new LoopbackAddresses();

    @BeforeAll
    void startServer() {
        server = TestServer.start(data);
        ticketId = server.register("Guest 0", "guest0@example.com").get("id").asText();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /**
     * {@code "at"} far in the future or past parses as an {@link java.time.Instant} but overflows epoch
     * milliseconds when the check-in is stored: {@code ArithmeticException: long overflow} in
     * {@code CheckInStore.insert}, answered 500. Only an admitted scan (or exit) stores {@code at}.
     */
    @Test
    void a_client_time_beyond_epoch_milliseconds_is_refused_as_invalid_time() {
        String code = server.register("Bug Report", "bug-report@example.com").get("code").asText();
        TestServer.Response r = server.post("/api/checkins",
                "{\"code\":\"" + code + "\",\"at\":\"+300000000-01-01T00:00:00Z\"}", ADMIN_TOKEN);
        assertError(r, 400, "invalid_time");
    }

    /**
     * Jetty passes {@code %u0041} through, and Javalin's path-parameter decoding ({@code URLDecoder})
     * throws {@code IllegalArgumentException}, which the catch-all handler answers 500, before the
     * access check: on every route with a path parameter, with or without a token.
     */
    @Test
    void a_percent_u_escape_in_a_path_parameter_is_a_4xx_with_the_error_shape() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Req req : List.of(Req.get("/t/%u0041"), Req.get("/t/%u0041/ticket.json"), Req.get("/t/%u0041/qr.png"),
                Req.get("/api/tickets/%u0041").admin(), Req.post("/api/tickets/%u0041/revoke", new byte[0]).admin(),
                Req.post("/api/tickets/%u0041/revoke", new byte[0]), Req.post("/api/checkins/%u0041/annul", new byte[0]).admin(),
                Req.post("/api/kiosks/%u0041/revoke", new byte[0]).admin())) {
            Req sent = req.from(addresses.next());
            Answer a = RawHttp.send(server.port(), sent);
            String problem = a.status() >= 500 ? "server error" : ApiPromises.errorShapeProblem(a);
            if (problem != null) {
                problems.add(sent + " -> " + problem + ": " + a);
            }
        }
        assertThat(problems).isEmpty();
    }

    /**
     * Javalin's {@code ctx.body()} decodes with the request's declared charset through
     * {@code Charset.forName}: an unknown name ({@code UnsupportedCharsetException}) or an illegal one
     * ({@code IllegalCharsetNameException}) escapes as a 500 on every endpoint that reads a JSON body.
     */
    @Test
    void a_json_body_in_an_unknown_charset_is_read_as_utf8_never_a_500() throws IOException {
        List<String> problems = new ArrayList<>();
        byte[] body = "{\"name\":\"Door Z\"}".getBytes(StandardCharsets.UTF_8);
        for (String type : List.of("application/json; charset=nope", "application/json; charset=\"")) {
            for (Req req : List.of(Req.post("/api/kiosks", body).admin(), Req.post("/api/registrations", body),
                    Req.post("/api/checkins", body).admin(), Req.post("/api/tickets/" + ticketId + "/revoke", body).admin())) {
                Answer a = RawHttp.send(server.port(), req.contentType(type).from(addresses.next()));
                // JSON is UTF-8 (RFC 8259): a bogus charset name is ignored, never a 500.
                String problem = a.status() >= 500 ? "server error" : a.status() < 400 ? null : ApiPromises.errorShapeProblem(a);
                if (problem != null) {
                    problems.add(req.method() + " " + req.target() + " (" + type + ") -> " + problem + ": " + a);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    /**
     * A request Jetty refuses before Usher sees it (bad UTF-8 or a lone {@code %} in the path, an
     * over-long URI) gets Jetty's HTML error page, not the JSON error shape every other 4xx has.
     */
    @Test
    void a_request_jetty_refuses_itself_gets_the_json_error_shape() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Req req : List.of(Req.get("/t/%FF"), Req.get("/t/%"), Req.get("/t/%zz"), Req.get("/api/tickets/%FF").admin(),
                Req.post("/api/tickets/%C0%AF/revoke", new byte[0]).admin(), Req.get("/api/tickets?q=" + "x".repeat(9_000)).admin())) {
            Answer a = RawHttp.send(server.port(), req.from(addresses.next()));
            String problem = a.status() >= 500 ? "server error" : a.status() < 400 ? null : ApiPromises.errorShapeProblem(a);
            if (problem != null) {
                problems.add(RawHttp.abbreviate(req.method() + " " + req.target(), 80) + " -> " + problem + ": " + a.status() + " "
                        + (a.isJettyErrorPage() ? "Jetty page '" + a.jettyReason() + "'" : a.toString()));
            }
        }
        assertThat(problems).isEmpty();
    }
}
