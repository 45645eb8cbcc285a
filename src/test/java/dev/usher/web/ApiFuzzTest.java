package dev.usher.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.Collections;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.usher.ApiAssertions.assertError;
import static dev.usher.TestServer.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends generated bodies, paths and query strings to every endpoint of one server and checks each
 * answer: never a 5xx; every 4xx is {@code {"error": ..., "message": ...}}; every 2xx is what the
 * endpoint promises (JSON, PNG, SVG or the ticket page). Afterwards the store must be intact.
 *
 * <p>The generator is a seeded {@link Random}: a failure prints the seed, and
 * {@code -Dfuzz.seed=N} replays the same cases (ticket ids and codes differ per run, the shapes do not);
 * {@code -Dfuzz.tries=N} sets the cases per endpoint. It is plain JUnit rather than jqwik because
 * jqwik's maintainers ask that coding agents not use jqwik 1.10, and an agent wrote this class.
 *
 * <p>Requests go over raw sockets, so a body can hold any bytes and a path any percent-escape. Routes
 * limited per address (registration, ticket pages, kiosk scans) are sent from rotating loopback
 * addresses (127.1.x.y), so the limits do not hide the bodies; answers 429 are counted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());
    private static final int TRIES = Integer.getInteger("fuzz.tries", 150);
    /** A property stops after this many failures: each one may log a stack trace. */
    private static final int MAX_FAILURES = 5;
    private static final int JSON_LIMIT = 64 * 1024;
    private static final List<String> TALKS = List.of("how-workers-work", "security-serverless-future", "serverless-world-map");

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path data;
    /** One server for the whole class: the fuzz looks for what many odd requests leave behind. */
    private TestServer server;
    /** Real ids and codes the generators mix in, so the cases reach past "not found". */
    private final List<String> ticketIds = new ArrayList<>();
    private final List<String> codes = new ArrayList<>();
    private final List<String> checkinIds = new ArrayList<>();
    private final List<String> kioskTokens = new ArrayList<>();
    private final Map<String, Map<Integer, Integer>> statuses = new TreeMap<>();
    private int nextAddress;

    @BeforeAll
    void startServer() {
        server = TestServer.start(data);
        for (int i = 0; i < 20; i++) {
            JsonNode t = server.register("Guest " + i, "guest" + i + "@example.com");
            ticketIds.add(t.get("id").asText());
            codes.add(t.get("code").asText());
        }
        for (int i = 0; i < 10; i++) {
            kioskTokens.add(server.createKiosk("Door " + i).get("token").asText());
        }
        for (int i = 0; i < 5; i++) {
            checkinIds.add(server.checkIn(codes.get(i), ADMIN_TOKEN).json().get("checkinId").asText());
        }
        System.out.printf("API fuzz: seed %d, %d tries per endpoint (-Dfuzz.seed=%d to replay)%n", SEED, TRIES, SEED);
    }

    @AfterAll
    void stopServer() {
        int total = 0;
        int limited = 0;
        for (Map.Entry<String, Map<Integer, Integer>> e : statuses.entrySet()) {
            System.out.printf("  %-34s %s%n", e.getKey(), e.getValue());
            total += e.getValue().values().stream().mapToInt(Integer::intValue).sum();
            limited += e.getValue().getOrDefault(429, 0);
        }
        System.out.printf("API fuzz: %d requests, %d answered 429 (seed %d)%n", total, limited, SEED);
        if (server != null) {
            server.close();
        }
    }

    // ---- the endpoints ----------------------------------------------------------------------

    @Test
    @Order(1)
    void registration_bodies_never_break_the_server() {
        expectNone(fuzz("POST /api/registrations", g -> g.json("/api/registrations", g.body(() -> g.person(false))).from(g.address())));
    }

    @Test
    @Order(2)
    void staff_ticket_bodies_never_break_the_server() {
        expectNone(fuzz("POST /api/tickets", g -> g.json("/api/tickets", g.body(() -> g.person(true))).admin()));
    }

    @Test
    @Order(3)
    void scans_with_the_admin_token_never_break_the_server() {
        expectNone(fuzz("POST /api/checkins (admin)", g -> g.json("/api/checkins", g.body(g::scan)).admin()));
    }

    @Test
    @Order(4)
    void scans_with_kiosk_tokens_never_break_the_server() {
        expectNone(fuzz("POST /api/checkins (kiosk)", g -> g.json("/api/checkins", g.body(g::scan))
                .token(kioskTokens.get(g.r.nextInt(kioskTokens.size()))).from(g.address())));
    }

    @Test
    @Order(5)
    void device_bodies_never_break_the_server() {
        List<String> failures = new ArrayList<>(fuzz("POST /api/kiosks", g -> g.json("/api/kiosks", g.body(g::device)).admin()));
        failures.addAll(fuzz("POST /api/viewers", g -> g.json("/api/viewers", g.body(g::device)).admin()));
        expectNone(failures);
    }

    @Test
    @Order(6)
    void revocations_never_break_the_server() {
        expectNone(fuzz("POST /api/tickets/{id}/revoke", g -> g.json("/api/tickets/" + g.pathSegment(ticketIds) + "/revoke",
                g.chance(0.2) ? new byte[0] : g.body(g::revocation)).admin()));
    }

    @Test
    @Order(7)
    void annulments_never_break_the_server() {
        expectNone(fuzz("POST /api/checkins/{id}/annul", g -> g.json("/api/checkins/" + g.pathSegment(checkinIds) + "/annul",
                g.chance(0.2) ? new byte[0] : g.body(g::annulment)).admin()));
    }

    @Test
    @Order(8)
    void searches_never_break_the_server() {
        expectNone(fuzz("GET /api/tickets?q=", g -> Req.get("/api/tickets" + g.query("q")).admin()));
    }

    @Test
    @Order(9)
    void ticket_pages_and_images_never_break_the_server() {
        List<String> failures = new ArrayList<>(fuzz("GET /t/{code}", g -> Req.get("/t/" + g.pathSegment(codes)).from(g.address())));
        failures.addAll(fuzz("GET /t/{code}/ticket.json", g -> Req.get("/t/" + g.pathSegment(codes) + "/ticket.json").from(g.address())));
        failures.addAll(fuzz("GET /t/{code}/qr.png?scale=", g -> Req.get("/t/" + g.pathSegment(codes) + "/qr.png" + g.query("scale"))
                .from(g.address())));
        failures.addAll(fuzz("GET /t/{code}/qr.svg", g -> Req.get("/t/" + g.pathSegment(codes) + "/qr.svg").from(g.address())));
        expectNone(failures);
    }

    @Test
    @Order(10)
    void guest_list_uploads_never_break_the_server() {
        expectNone(fuzz("POST /api/tickets/import", g -> Req.post("/api/tickets/import", g.csv()).admin()
                .contentType(g.chance(0.9) ? "text/csv" : g.pick("text/csv; charset=utf-16", "text/plain", "application/json", "text/csv; charset=nope"))));
    }

    @Test
    @Order(11)
    void bodies_over_the_json_limit_are_refused_with_the_error_shape() {
        List<String> paths = List.of("/api/registrations", "/api/tickets", "/api/checkins", "/api/kiosks", "/api/viewers",
                "/api/tickets/" + ticketIds.get(0) + "/revoke", "/api/checkins/" + checkinIds.get(0) + "/annul");
        expectNone(fuzz("POST (over 64 kB)", g -> {
            String path = paths.get(g.r.nextInt(paths.size()));
            String filler = g.chance(0.5) ? "a".repeat(JSON_LIMIT + g.r.nextInt(40_000)) : g.longText(JSON_LIMIT + 1, 100_000);
            byte[] body = ("{\"name\":" + JsonText.quote(filler, g) + ",\"email\":\"a@b.co\",\"code\":\"x\"}").getBytes(StandardCharsets.UTF_8);
            Req r = Req.post(path, body).admin();
            return path.equals("/api/registrations") ? r.from(g.address()) : r;
        }, 20));
    }

    // ---- server bugs the fuzz found: each test states the right answer and fails until the bug is fixed ----

    /**
     * {@code "at"} far in the future or past parses as an {@link java.time.Instant} but overflows epoch
     * milliseconds when the check-in is stored: {@code ArithmeticException: long overflow} in
     * {@code CheckInStore.insert}, answered 500. Only an admitted scan (or exit) stores {@code at}.
     */
    @Test
    @Order(50)
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
    @Order(51)
    void a_percent_u_escape_in_a_path_parameter_is_a_4xx_with_the_error_shape() throws IOException {
        Gen g = new Gen(new Random(SEED));
        List<String> problems = new ArrayList<>();
        for (Req req : List.of(Req.get("/t/%u0041"), Req.get("/t/%u0041/ticket.json"), Req.get("/t/%u0041/qr.png"),
                Req.get("/api/tickets/%u0041").admin(), Req.post("/api/tickets/%u0041/revoke", new byte[0]).admin(),
                Req.post("/api/tickets/%u0041/revoke", new byte[0]), Req.post("/api/checkins/%u0041/annul", new byte[0]).admin(),
                Req.post("/api/kiosks/%u0041/revoke", new byte[0]).admin())) {
            Req sent = req.from(g.address());
            Answer a = Raw.send(server.port(), sent);
            String problem = a.status() >= 500 ? "server error" : errorShapeProblem(a);
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
    @Order(52)
    void a_json_body_in_an_unknown_charset_is_read_as_utf8_never_a_500() throws IOException {
        Gen g = new Gen(new Random(SEED));
        List<String> problems = new ArrayList<>();
        byte[] body = "{\"name\":\"Door Z\"}".getBytes(StandardCharsets.UTF_8);
        for (String type : List.of("application/json; charset=nope", "application/json; charset=\"")) {
            for (Req req : List.of(Req.post("/api/kiosks", body).admin(), Req.post("/api/registrations", body),
                    Req.post("/api/checkins", body).admin(), Req.post("/api/tickets/" + ticketIds.get(0) + "/revoke", body).admin())) {
                Answer a = Raw.send(server.port(), req.contentType(type).from(g.address()));
                // JSON is UTF-8 (RFC 8259): a bogus charset name is ignored, never a 500.
                String problem = a.status() >= 500 ? "server error" : a.status() < 400 ? null : errorShapeProblem(a);
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
    @Order(53)
    void a_request_jetty_refuses_itself_gets_the_json_error_shape() throws IOException {
        Gen g = new Gen(new Random(SEED));
        List<String> problems = new ArrayList<>();
        for (Req req : List.of(Req.get("/t/%FF"), Req.get("/t/%"), Req.get("/t/%zz"), Req.get("/api/tickets/%FF").admin(),
                Req.post("/api/tickets/%C0%AF/revoke", new byte[0]).admin(), Req.get("/api/tickets?q=" + "x".repeat(9_000)).admin())) {
            Answer a = Raw.send(server.port(), req.from(g.address()));
            String problem = a.status() >= 500 ? "server error" : a.status() < 400 ? null : errorShapeProblem(a);
            if (problem != null) {
                problems.add(Raw.abbreviate(req.method() + " " + req.target(), 80) + " -> " + problem + ": " + a.status() + " "
                        + (a.isJettyErrorPage() ? "Jetty page '" + a.jettyReason() + "'" : a.toString()));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    @Order(100)
    void afterwards_the_store_is_intact_and_the_door_still_works() throws Exception {
        assertThat(server.get("/api/stats", ADMIN_TOKEN).status()).isEqualTo(200);
        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("usher.db"), readOnly.toProperties());
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("ok");
            }
            try (ResultSet rs = s.executeQuery("""
                    SELECT ticket_id, list_id, round, count(*) FROM checkins WHERE annulled_at IS NULL AND type = 'entry'
                    GROUP BY ticket_id, list_id, round HAVING count(*) > 1
                    """)) {
                assertThat(rs.next()).as("a ticket with two standing entries in one round").isFalse();
            }
            try (ResultSet rs = s.executeQuery("""
                    SELECT ticket_id, list_id, sum(type = 'entry') - sum(type = 'exit') AS inside FROM checkins
                    WHERE annulled_at IS NULL GROUP BY ticket_id, list_id HAVING inside NOT IN (0, 1)
                    """)) {
                assertThat(rs.next()).as("a ticket inside twice, or out more often than in").isFalse();
            }
        }

        // Everything the fuzz stored can be read back.
        List<String> reads = new ArrayList<>(List.of("/api/checkins.csv", "/api/stats", "/api/dashboard", "/api/kiosks", "/api/viewers"));
        ticketIds.forEach(id -> reads.add("/api/tickets/" + id));
        codes.forEach(code -> reads.add("/t/" + code + "/ticket.json"));
        Gen g = new Gen(new Random(SEED));
        for (String path : reads) {
            Answer a = Raw.send(server.port(), Req.get(path).admin().from(g.address()));
            assertThat(a.status()).as("%s: %s", path, a).isEqualTo(200);
        }

        TestServer.Response registered = server.post("/api/registrations", "{\"name\":\"Grace Hopper\",\"email\":\"grace@example.com\"}");
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        String code = registered.json().at("/ticket/code").asText();
        String kiosk = server.createKiosk("After the fuzz").get("token").asText();
        assertThat(server.checkIn(code, kiosk).status()).isEqualTo(201);
        TestServer.Response again = server.checkIn(code, kiosk);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("reason").asText()).isEqualTo("already_redeemed");
    }

    // ---- running and judging ---------------------------------------------------------------

    private static void expectNone(List<String> failures) {
        assertThat(failures).as("seed %d (-Dfuzz.seed=%d replays it)", SEED, SEED).isEmpty();
    }

    private List<String> fuzz(String endpoint, Function<Gen, Req> cases) {
        return fuzz(endpoint, cases, TRIES);
    }

    /** Sends {@code tries} generated requests; returns what was wrong with the answers (at most {@link #MAX_FAILURES}). */
    private List<String> fuzz(String endpoint, Function<Gen, Req> cases, int tries) {
        Gen g = new Gen(new Random(SEED ^ endpoint.hashCode()));
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < tries && failures.size() < MAX_FAILURES; i++) {
            Req req = cases.apply(g);
            Answer a;
            try {
                a = Raw.send(server.port(), req);
            } catch (IOException e) {
                failures.add(endpoint + ": no answer (" + e + ") to " + req);
                continue;
            }
            statuses.computeIfAbsent(endpoint, k -> new TreeMap<>()).merge(a.status(), 1, Integer::sum);
            String problem = judge(endpoint, req, a);
            if (problem != null) {
                failures.add(endpoint + ": " + problem + "\n    request: " + req + "\n    answer:  " + a);
            }
            remember(req, a);
        }
        return failures;
    }

    /** Null when the answer keeps the promises, else what is wrong with it. */
    private String judge(String endpoint, Req req, Answer a) {
        if (a.status() >= 500) {
            return "server error " + a.status();
        }
        if (a.status() >= 400) {
            // The ticket page is HTML even for a code we never issued: the page's script shows why.
            if (a.status() == 404 && req.isTicketPage() && a.contentType().startsWith("text/html")) {
                return null;
            }
            if (a.isJettyErrorPage()) {
                return "Jetty's HTML error page instead of the JSON error shape (" + a.jettyReason() + ")";
            }
            JsonNode body = a.json();
            // A scan of an unknown code is a verdict, as documented: {"status":"error","reason":"invalid","message":...}.
            if (a.status() == 404 && req.target().equals("/api/checkins") && body != null
                    && body.path("reason").asText().equals("invalid") && !body.path("message").asText().isBlank()) {
                return null;
            }
            return errorShapeProblem(a);
        }
        if (req.target().contains("/qr.png")) {
            return a.body().length > 8 && a.body()[0] == (byte) 0x89 && a.body()[1] == 'P' ? null : "not a PNG";
        }
        if (req.target().contains("/qr.svg")) {
            return new String(a.body(), StandardCharsets.UTF_8).contains("<svg") ? null : "not an SVG";
        }
        if (req.isTicketPage()) {
            return a.contentType().startsWith("text/html") ? null : "ticket page is not HTML";
        }
        if (!a.contentType().startsWith("application/json") || a.json() == null) {
            return a.status() + " that is not JSON (" + a.contentType() + ")";
        }
        return null;
    }

    /** Null when {@code a} is {@code {"error": ..., "message": ...}} as JSON (with Retry-After for a 429). */
    private static String errorShapeProblem(Answer a) {
        if (!a.contentType().startsWith("application/json")) {
            return a.status() + " with Content-Type '" + a.contentType() + "', not JSON";
        }
        JsonNode body = a.json();
        if (body == null || !body.path("error").isTextual() || body.path("error").asText().isBlank()
                || !body.path("message").isTextual() || body.path("message").asText().isBlank()) {
            return a.status() + " without the error shape";
        }
        if (a.status() == 429 && a.header("retry-after") == null) {
            return "429 without Retry-After";
        }
        return null;
    }

    /** New tickets and check-ins join the pools the generators draw from. */
    private void remember(Req req, Answer a) {
        if (a.status() / 100 != 2 || a.json() == null) {
            return;
        }
        JsonNode j = a.json();
        if (j.at("/ticket/code").isTextual()) {
            codes.add(j.at("/ticket/code").asText());
        }
        if (j.at("/ticket/id").isTextual() && !ticketIds.contains(j.at("/ticket/id").asText())) {
            ticketIds.add(j.at("/ticket/id").asText());
        }
        if (j.path("checkinId").isNumber() && req.target().equals("/api/checkins")) {
            checkinIds.add(j.get("checkinId").asText());
        }
    }

    // ---- a bare HTTP/1.1 client: exact bytes out, any source address -------------------------

    /** One request: where it comes from, what it carries. */
    record Req(String method, String target, byte[] body, String token, String contentType, String source) {
        static Req post(String target, byte[] body) {
            return new Req("POST", target, body, null, "application/json", "127.0.0.1");
        }

        static Req get(String target) {
            return new Req("GET", target, null, null, null, "127.0.0.1");
        }

        Req admin() {
            return token(ADMIN_TOKEN);
        }

        Req token(String t) {
            return new Req(method, target, body, t, contentType, source);
        }

        Req from(String address) {
            return new Req(method, target, body, token, contentType, address);
        }

        Req contentType(String type) {
            return new Req(method, target, body, token, type, source);
        }

        boolean isTicketPage() {
            return method.equals("GET") && target.startsWith("/t/") && target.indexOf('/', 3) < 0;
        }

        @Override
        public String toString() {
            String who = token == null ? "anonymous" : token.equals(ADMIN_TOKEN) ? "admin" : "kiosk";
            String shown = body == null ? "" : " body(" + body.length + " bytes, " + contentType + ")=" + Raw.show(body, 400);
            return method + " " + Raw.abbreviate(target, 300) + " [" + who + " from " + source + "]" + shown;
        }
    }

    record Answer(int status, Map<String, String> headers, byte[] body) {
        String contentType() {
            return headers.getOrDefault("content-type", "");
        }

        String header(String name) {
            return headers.get(name);
        }

        boolean isJettyErrorPage() {
            return contentType().startsWith("text/html") && new String(body, StandardCharsets.ISO_8859_1).contains("<h2>HTTP ERROR ");
        }

        String jettyReason() {
            Matcher m = Pattern.compile("<title>Error \\d+ ([^<]*)</title>").matcher(new String(body, StandardCharsets.ISO_8859_1));
            return m.find() ? m.group(1) : "?";
        }

        /** The body as JSON, or null when it is not JSON (or empty). */
        JsonNode json() {
            try {
                JsonNode node = JSON.readTree(body);
                return node == null || node.isMissingNode() ? null : node;
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public String toString() {
            return status + " " + contentType() + " " + Raw.show(body, 400);
        }
    }

    static final class Raw {
        private Raw() {
        }

        static Answer send(int port, Req req) throws IOException {
            try (Socket s = new Socket()) {
                s.bind(new InetSocketAddress(req.source(), 0));
                s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                s.setSoTimeout(30_000);
                StringBuilder head = new StringBuilder()
                        .append(req.method()).append(' ').append(req.target()).append(" HTTP/1.1\r\n")
                        .append("Host: 127.0.0.1:").append(port).append("\r\n")
                        .append("Connection: close\r\n");
                if (req.token() != null) {
                    head.append("Authorization: Bearer ").append(req.token()).append("\r\n");
                }
                if (req.body() != null) {
                    if (req.contentType() != null) {
                        head.append("Content-Type: ").append(req.contentType()).append("\r\n");
                    }
                    head.append("Content-Length: ").append(req.body().length).append("\r\n");
                }
                head.append("\r\n");
                OutputStream out = s.getOutputStream();
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                // The server may answer (413) and close before it read the whole body: keep reading meanwhile.
                IOException[] writeFailure = new IOException[1];
                Thread writer = new Thread(() -> {
                    try {
                        if (req.body() != null) {
                            out.write(req.body());
                            out.flush();
                        }
                    } catch (IOException e) {
                        writeFailure[0] = e;
                    }
                }, "fuzz-body-writer");
                writer.start();
                try {
                    return parse(s.getInputStream());
                } catch (IOException e) {
                    if (writeFailure[0] != null) {
                        e.addSuppressed(writeFailure[0]);
                    }
                    throw e;
                } finally {
                    s.close();
                    joinQuietly(writer);
                }
            }
        }

        private static void joinQuietly(Thread t) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static Answer parse(InputStream in) throws IOException {
            byte[] all = in.readAllBytes();
            int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
            if (end < 0) {
                throw new IOException("no complete answer: " + show(all, 200));
            }
            String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.putIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
            byte[] body = Arrays.copyOfRange(all, end + 4, all.length);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = dechunk(body);
            }
            return new Answer(status, headers, body);
        }

        private static byte[] dechunk(byte[] chunked) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int at = 0;
            while (at < chunked.length) {
                int lineEnd = indexOf(chunked, new byte[] {'\r', '\n'}, at);
                String size = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].strip();
                int n = Integer.parseInt(size, 16);
                if (n == 0) {
                    break;
                }
                out.write(chunked, lineEnd + 2, n);
                at = lineEnd + 2 + n + 2;
            }
            return out.toByteArray();
        }

        private static int indexOf(byte[] data, byte[] pattern, int from) {
            outer:
            for (int i = from; i <= data.length - pattern.length; i++) {
                for (int j = 0; j < pattern.length; j++) {
                    if (data[i + j] != pattern[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        /** Bytes as a Java string literal would show them, cut to {@code max} characters. */
        static String show(byte[] bytes, int max) {
            StringBuilder sb = new StringBuilder("\"");
            String text = new String(bytes, 0, Math.min(bytes.length, max * 4), StandardCharsets.UTF_8);
            for (int i = 0; i < text.length() && sb.length() < max; i++) {
                char c = text.charAt(i);
                if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) || (c >= 0x80 && c < 0xa0) || c == '\ufffd'
                        || Character.getType(c) == Character.FORMAT) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else if (c == '"' || c == '\\') {
                    sb.append('\\').append(c);
                } else {
                    sb.append(c);
                }
            }
            return sb.append(sb.length() >= max ? "\"..." : "\"").toString();
        }

        /** Percent-escapes everything but unreserved characters; keeps the request line valid HTTP. */
        static String escape(byte[] bytes) {
            StringBuilder sb = new StringBuilder();
            for (byte b : bytes) {
                int c = b & 0xff;
                if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
                    sb.append((char) c);
                } else {
                    sb.append('%').append(String.format("%02X", c));
                }
            }
            return sb.toString();
        }

        static String abbreviate(String s, int max) {
            return s.length() <= max ? s : s.substring(0, max) + "...(" + s.length() + " chars)";
        }
    }

    // ---- JSON text, written by hand so that lone surrogates and odd escapes reach the server -------

    /** A number or literal written as is, e.g. {@code 1e400} or {@code -0}. */
    record Literal(String text) {
    }

    /** A JSON object whose members may repeat a key. */
    record Members(List<Map.Entry<String, Object>> entries) {
    }

    static final class JsonText {
        private JsonText() {
        }

        static String write(Object value, Gen g) {
            StringBuilder sb = new StringBuilder();
            write(sb, value, g);
            return sb.toString();
        }

        private static void write(StringBuilder sb, Object value, Gen g) {
            if (value == null) {
                sb.append("null");
            } else if (value instanceof String s) {
                sb.append(quote(s, g));
            } else if (value instanceof Literal l) {
                sb.append(l.text());
            } else if (value instanceof Boolean || value instanceof Number) {
                sb.append(value);
            } else if (value instanceof List<?> list) {
                sb.append('[');
                for (int i = 0; i < list.size(); i++) {
                    sb.append(i == 0 ? "" : ",");
                    write(sb, list.get(i), g);
                }
                sb.append(']');
            } else if (value instanceof Members m) {
                sb.append('{');
                for (int i = 0; i < m.entries().size(); i++) {
                    sb.append(i == 0 ? "" : ",").append(quote(m.entries().get(i).getKey(), g)).append(':');
                    write(sb, m.entries().get(i).getValue(), g);
                }
                sb.append('}');
            } else {
                throw new IllegalArgumentException(value.getClass().toString());
            }
        }

        /** Escapes what JSON requires, every unpaired surrogate, and at random other characters too. */
        static String quote(String s, Gen g) {
            StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                        || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
                if (c == '"' || c == '\\') {
                    sb.append('\\').append(c);
                } else if (c < 0x20 || Character.isSurrogate(c) && !paired || c > 0x7e && g.chance(0.2)) {
                    sb.append(String.format("\\u%04X", (int) c));
                } else {
                    sb.append(c);
                }
            }
            return sb.append('"').toString();
        }
    }

    // ---- the generators -------------------------------------------------------------------------

    final class Gen {
        final Random r;
        /** While true the generators stay within what the server accepts, to reach the code behind validation. */
        boolean plausible;

        Gen(Random r) {
            this.r = r;
        }

        boolean chance(double p) {
            return r.nextDouble() < p;
        }

        @SafeVarargs
        final <T> T pick(T... options) {
            return options[r.nextInt(options.length)];
        }

        <T> T pick(List<T> options) {
            return options.get(r.nextInt(options.size()));
        }

        /** A JSON POST; one in ten says another Content-Type or charset than the body has. */
        Req json(String target, byte[] body) {
            String type = chance(0.9) ? "application/json" : pick("application/json; charset=utf-8", "application/json; charset=UTF-16",
                    "application/json; charset=latin1", "application/json; charset=nope", "application/json; charset=\"", "text/plain",
                    "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", "*/*");
            return Req.post(target, body).contentType(type);
        }

        /** A loopback address other than 127.0.0.1, a different one each time, for routes limited per address. */
        String address() {
            int n = nextAddress++;
            return "127.1." + (n / 250) % 250 + "." + (n % 250 + 2);
        }

        // -- text --

        private static final String[] ODD = {"\u0000", "\u0001", "\u0007", "\b", "\t", "\n", "\r", "\u001b", "\u007f", "\u0085",
            "\u00a0", "\u00ad", "\u200b", "\u200d", "\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069", "\u2028", "\u2029",
            "\ufeff", "\ufffd", "\uffff", "\ud800", "\udbff", "\udc00", "\udfff", "\udc00\ud800", "\ud83d\ude00", "\ud83d",
            "\ud83d\udc69\u200d\ud83d\udc69\u200d\ud83d\udc67", "\ud83c\uddfa\ud83c\uddf8", "e\u0301", "\u0647\u0644\u0627",
            "\u05e9\u05dc\u05d5\u05dd", "\u4f60\u597d", "\u0130", "\u00df", "\ufb01", "\u1e9e", "\uff21\uff22", "\u0661\u0662"};
        private static final String[] META = {"\"", "\\", "'", "`", "<script>alert(1)</script>", "'; DROP TABLE tickets; --",
            "%", "_", "%00", "%2F", "../../etc/passwd", "${jndi:ldap://x}", "{{7*7}}", "=HYPERLINK(\"http://x\")", "+1", "-1", "@a",
            "null", "true", "[]", "{}", "\\u0000", "0", "1e400", "NaN", "-0", "9223372036854775808", " ", ",", ";", "\"\"\"", "\r\n"};

        /** Any text a field may get; now and then a very long one (up to 100 kB). */
        String text() {
            return r.nextInt(14) == 0 ? longText(1_000, r.nextInt(10) < 8 ? 60_000 : 100_000) : shortText();
        }

        String shortText() {
            return switch (r.nextInt(11)) {
                case 0 -> "";
                case 1 -> pick(" ", "\t", "  \n ", "\u00a0", "\u3000", "\u2028");
                case 2 -> ascii(1 + r.nextInt(40));
                case 3, 4 -> mixed(1 + r.nextInt(30));
                case 5 -> pick(META);
                case 6 -> codePoints(1 + r.nextInt(50));
                case 7 -> ascii(1 + r.nextInt(5)) + pick(ODD) + ascii(r.nextInt(5));
                case 8 -> String.valueOf(r.nextLong());
                default -> pick(META) + mixed(1 + r.nextInt(5)) + pick(ODD);
            };
        }

        String ascii(int n) {
            StringBuilder sb = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                sb.append((char) (0x20 + r.nextInt(0x5f)));
            }
            return sb.toString();
        }

        String mixed(int n) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                sb.append(chance(0.5) ? pick(ODD) : ascii(1 + r.nextInt(3)));
            }
            return sb.toString();
        }

        String codePoints(int n) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                sb.appendCodePoint(chance(0.7) ? r.nextInt(0x3000) : r.nextInt(Character.MAX_CODE_POINT + 1));
            }
            return sb.toString();
        }

        String longText(int min, int max) {
            int n = min + r.nextInt(max - min + 1);
            String unit = pick("a", "\u00e9", "\u4f60", "\ud83d\ude00", "\u0000", ascii(7), mixed(3));
            StringBuilder sb = new StringBuilder(n + unit.length());
            while (sb.length() < n) {
                sb.append(unit);
            }
            return sb.toString();
        }

        // -- fields --

        /** Names a person may really have, or that a prankster types, all of them acceptable. */
        private static final String[] NAME_PARTS = {"Ada", "Zo\u00eb", "O'Brien", "\u05e9\u05dc\u05d5\u05dd", "\u4f60\u597d",
            "\ud83d\ude00", "e\u0301", "\u0130stanbul", "=cmd|' /C calc'!A0", "@SUM(1)", "<b>bold</b>", "Robert'); DROP TABLE tickets;--",
            "\ud800", "\udfff", "\u0647\u0644\u0627 \u0628\u0643", "  spaced  ", "\\", "\"quoted\"", "%s%n", "\u00ff\u00fe"};

        String name() {
            if (plausible) {
                return pick(NAME_PARTS) + (chance(0.5) ? " " + pick(NAME_PARTS) : "");
            }
            return switch (r.nextInt(6)) {
                case 0 -> "Ada Lovelace";
                case 1 -> "x".repeat(pick(199, 200, 201));
                case 2 -> pick(ODD) + "Ada";
                default -> text();
            };
        }

        String email() {
            if (plausible) {
                return pick("p", "P", "a+tag", "o'brien", "\u00fc", "x.y") + r.nextInt(10_000_000) + "@"
                        + pick("example.com", "EXAMPLE.COM", "b\u00fccher.example", "xn--bcher-kva.example", "mail.\u4f8b\u3048.jp");
            }
            return switch (r.nextInt(8)) {
                case 0 -> "ada" + r.nextInt(1_000_000) + "@example.com";
                case 1 -> (ascii(3) + "@" + ascii(3) + "." + ascii(2)).replace(" ", "");
                case 2 -> "a".repeat(pick(240, 241, 242, 243)) + "@b.co";
                case 3 -> mixed(3) + r.nextInt(1000) + "@" + mixed(2) + "." + mixed(2);
                case 4 -> "ADA" + r.nextInt(1000) + "@EXAMPLE.COM";
                case 5 -> pick("@", "a@", "@b.co", "a@b", "a@@b.co", "a b@c.de", "a@b..co", "a@.b.co");
                default -> text();
            };
        }

        Map<String, Object> person(boolean withFields) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", (Supplier<Object>) this::name);
            m.put("email", (Supplier<Object>) this::email);
            if (withFields) {
                m.put("fields", (Supplier<Object>) this::fields);
            }
            return m;
        }

        Object fields() {
            if (plausible) {
                List<Map.Entry<String, Object>> entries = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    entries.add(new AbstractMap.SimpleEntry<>(pick(NAME_PARTS) + i, chance(0.2) ? null : pick(NAME_PARTS)));
                }
                return new Members(entries);
            }
            int n = switch (r.nextInt(5)) {
                case 0 -> 0;
                case 1 -> pick(49, 50, 51, 200);
                default -> 1 + r.nextInt(5);
            };
            List<Map.Entry<String, Object>> entries = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String key = chance(0.1) ? pick("", " ", "k".repeat(101)) : shortText() + i;
                Object value = chance(0.8) ? shortText() : chance(0.5) ? "v".repeat(pick(1000, 1001)) : value(2);
                entries.add(new AbstractMap.SimpleEntry<>(key, value));
            }
            return new Members(entries);
        }

        Map<String, Object> scan() {
            Map<String, Object> m = new LinkedHashMap<>();
            if (plausible) {
                if (chance(0.9) || ticketIds.isEmpty()) {
                    m.put("code", (Supplier<Object>) () -> chance(0.8) && !codes.isEmpty() ? pick(codes) : code());
                } else {
                    m.put("ticketId", (Supplier<Object>) () -> pick(ticketIds));
                }
                m.put("list", (Supplier<Object>) () -> chance(0.6) ? "main" : pick(TALKS));
                m.put("type", (Supplier<Object>) () -> chance(0.6) ? "entry" : "exit");
                m.put("nonce", (Supplier<Object>) () -> chance(0.5) ? null : "n-" + r.nextInt(30));
                m.put("at", (Supplier<Object>) this::instant);
                return m;
            }
            m.put("code", (Supplier<Object>) this::code);
            if (chance(0.15)) {
                m.put("ticketId", (Supplier<Object>) () -> chance(0.5) && !ticketIds.isEmpty() ? pick(ticketIds) : text());
            }
            m.put("list", (Supplier<Object>) () -> switch (r.nextInt(5)) {
                case 0 -> "main";
                case 1 -> pick(TALKS);
                case 2 -> " main ";
                case 3 -> "MAIN";
                default -> text();
            });
            m.put("type", (Supplier<Object>) () -> pick("entry", "exit", "entry", "exit", " exit ", "EXIT", "", text()));
            m.put("nonce", (Supplier<Object>) () -> chance(0.3) ? "n-" + r.nextInt(20) : chance(0.3) ? "n".repeat(pick(100, 101)) : text());
            m.put("at", (Supplier<Object>) this::instant);
            return m;
        }

        /** Codes of every length and alphabet, real ones, and near misses of real ones. */
        String code() {
            String real = codes.isEmpty() ? "A".repeat(124) : pick(codes);
            return switch (r.nextInt(12)) {
                case 0, 1 -> real;
                case 2 -> real.toLowerCase(Locale.ROOT);
                case 3 -> pick(" ", "\t", "\n", "\u00a0", "\ufeff") + real + pick(" ", "\r\n", "\u2028", "");
                case 4 -> mutate(real);
                case 5 -> real.substring(0, r.nextInt(real.length())) + (chance(0.5) ? "" : real);
                case 6 -> base32(124);
                case 7 -> base32(r.nextInt(300));
                case 8 -> "AE" + base32(122);
                case 9 -> pick("ticket:" + pick(ticketIds), "https://x/t/" + real, real + real, "0".repeat(124), "\u0410".repeat(124));
                default -> text();
            };
        }

        String base32(int n) {
            String alphabet = chance(0.8) ? "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567" : "abcdefghijklmnopqrstuvwxyz234567018=";
            StringBuilder sb = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            return sb.toString();
        }

        String mutate(String s) {
            if (s.isEmpty()) {
                return s;
            }
            int at = r.nextInt(s.length());
            return s.substring(0, at) + pick("A", "7", "1", "8", "=", "\u0000", "\u00c4", "", "AA") + s.substring(Math.min(s.length(), at + 1));
        }

        Object instant() {
            if (plausible && chance(0.4)) {
                return null;
            }
            return switch (r.nextInt(10)) {
                case 0 -> "2019-02-21T18:04:00Z";
                case 1 -> pick("2019-02-21T18:04:00.123456789Z", "2019-02-21T18:04:00+01:00", "2019-02-21T18:04:00-08:00",
                        "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z");
                case 2 -> pick("+1000000000-12-31T23:59:59.999999999Z", "-1000000000-01-01T00:00:00Z", "+300000000-01-01T00:00:00Z",
                        "-300000000-01-01T00:00:00Z", "+292278994-08-17T07:12:55.807Z", "+292278994-08-17T07:12:55.808Z",
                        "+10000-01-01T00:00:00Z", "0000-01-01T00:00:00Z");
                case 3 -> pick("2019-02-30T00:00:00Z", "2019-02-21 18:04", "2019-02-21", "18:04", "yesterday", "2019-02-21T25:00:00Z");
                case 4 -> new Literal(pick("1550772240000", "-1", "1e400", "0.5"));
                default -> chance(0.5) ? null : text();
            };
        }

        Map<String, Object> device() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", (Supplier<Object>) () -> switch (r.nextInt(4)) {
                case 0 -> "Door " + r.nextInt(100);
                case 1 -> "d".repeat(pick(59, 60, 61));
                default -> text();
            });
            return m;
        }

        Map<String, Object> revocation() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("reissue", (Supplier<Object>) () -> chance(0.7) ? (Object) r.nextBoolean() : value(1));
            return m;
        }

        Map<String, Object> annulment() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("reason", (Supplier<Object>) () -> chance(0.2) ? "r".repeat(pick(499, 500, 501)) : text());
            return m;
        }

        /** Any JSON value, nested up to {@code depth}. */
        Object value(int depth) {
            int kinds = depth > 0 ? 9 : 7;
            return switch (r.nextInt(kinds)) {
                case 0 -> null;
                case 1 -> r.nextBoolean();
                case 2 -> r.nextInt();
                case 3 -> new Literal(pick("1e400", "-0", "0.1", "123456789012345678901234567890", "-9223372036854775809", "1E-400"));
                case 4 -> r.nextDouble();
                case 5, 6 -> shortText();
                case 7 -> {
                    List<Object> list = new ArrayList<>();
                    for (int i = r.nextInt(4); i > 0; i--) {
                        list.add(value(depth - 1));
                    }
                    yield list;
                }
                default -> {
                    List<Map.Entry<String, Object>> entries = new ArrayList<>();
                    for (int i = r.nextInt(4); i > 0; i--) {
                        entries.add(new AbstractMap.SimpleEntry<>(shortText(), value(depth - 1)));
                    }
                    yield new Members(entries);
                }
            };
        }

        /**
         * A request body: usually an object of the endpoint's fields, each of the right type with odd
         * content, of a wrong type, or missing; sometimes malformed JSON, another shape, deep nesting or
         * another encoding.
         */
        byte[] body(Supplier<Map<String, Object>> shape) {
            plausible = chance(0.5);
            if (plausible) {
                return JsonText.write(objectOf(shape), this).getBytes(StandardCharsets.UTF_8);
            }
            int kind = r.nextInt(100);
            if (kind < 8) {
                return malformed(shape).getBytes(StandardCharsets.UTF_8);
            }
            if (kind < 16) {
                return JsonText.write(pick(null, true, 0, new Literal("1e400"), "a string", List.of(), List.of(objectOf(shape)),
                        value(2)), this).getBytes(StandardCharsets.UTF_8);
            }
            if (kind < 19) {
                int depth = pick(10, 999, 1001, 5_000);
                String open = chance(0.5) ? "[" : "{\"a\":";
                String close = open.equals("[") ? "]" : "}";
                return ("{\"name\":" + open.repeat(depth) + "1" + close.repeat(depth) + "}").getBytes(StandardCharsets.UTF_8);
            }
            String text = JsonText.write(objectOf(shape), this);
            if (kind < 24) {
                Charset cs = pick(StandardCharsets.UTF_16, StandardCharsets.UTF_16LE, StandardCharsets.ISO_8859_1, Charset.forName("UTF-32"));
                return text.getBytes(cs);
            }
            if (kind < 26) {
                return ("\ufeff" + text).getBytes(StandardCharsets.UTF_8);
            }
            if (kind < 28) {
                byte[] b = text.getBytes(StandardCharsets.UTF_8);
                b[r.nextInt(b.length)] = (byte) (int) pick(0xff, 0xc0, 0x80, 0xed, 0x00);
                return b;
            }
            return text.getBytes(StandardCharsets.UTF_8);
        }

        Members objectOf(Supplier<Map<String, Object>> shape) {
            List<Map.Entry<String, Object>> entries = new ArrayList<>();
            for (Map.Entry<String, Object> field : shape.get().entrySet()) {
                int roll = plausible ? r.nextInt(70) : r.nextInt(100);
                if (roll < 65) {
                    entries.add(new AbstractMap.SimpleEntry<>(field.getKey(), ((Supplier<?>) field.getValue()).get()));
                } else if (roll < 82) {
                    entries.add(new AbstractMap.SimpleEntry<>(field.getKey(), value(2)));
                }
            }
            if (chance(0.1)) {
                entries.add(new AbstractMap.SimpleEntry<>(shortText(), value(2)));
            }
            if (chance(0.05) && !entries.isEmpty()) {
                entries.add(new AbstractMap.SimpleEntry<>(entries.get(0).getKey(), value(1)));
            }
            Collections.shuffle(entries, r);
            return new Members(entries);
        }

        String malformed(Supplier<Map<String, Object>> shape) {
            String valid = JsonText.write(objectOf(shape), this);
            return switch (r.nextInt(6)) {
                case 0 -> valid.substring(0, r.nextInt(Math.max(1, valid.length())));
                case 1 -> {
                    int at = r.nextInt(valid.length() + 1);
                    yield valid.substring(0, at) + pick("\"", "{", "}", ",", ":", "\\", "\u0000", "]") + valid.substring(at);
                }
                case 2 -> pick("", " ", "{", "}", "{oops", "{\"name\":}", "{\"name\":\"a\",}", "{'name':'a'}", "[", "\"open",
                        "{\"a\":\"\\x\"}", "{\"a\":01}", "{\"a\":NaN}", "{\"a\":.5}", "/* c */ {}", "{\"a\" \"b\"}", "nul", "tru",
                        "{\"a\":\"\\ud800\"}", "{\"a\":\"\\u12\"}", "{\"a\":1}{\"b\":2}", "{\"a\":[1,2}", "{\"a\":\"\t\"}");
                case 3 -> ascii(1 + r.nextInt(100));
                case 4 -> mixed(1 + r.nextInt(20));
                default -> valid.replace("\"", pick("'", "", "\\\"", "\u201c"));
            };
        }

        // -- paths and queries --

        /** A path segment: a real id or code, a near miss, or percent-escaped bytes of any kind. */
        String pathSegment(List<String> real) {
            return switch (r.nextInt(8)) {
                case 0, 1 -> real.isEmpty() ? "x" : pick(real);
                case 2 -> real.isEmpty() ? "x" : Raw.escape(mutate(pick(real)).getBytes(StandardCharsets.UTF_8));
                case 3 -> pick("0", "-1", "1e3", "9223372036854775807", "9223372036854775808", "99999999999999999999", "0x10", "%20",
                        "%00", "%2F", "%2e%2e", "%25", "%FF", "%C0%AF", "%ED%A0%80", "..%2F..", "a%2Fb", "%", "%zz", "%u0041", ";a=b");
                case 4 -> base32(r.nextInt(200));
                case 5 -> Raw.escape(randomBytes(1 + r.nextInt(30)));
                default -> Raw.escape(shortText().getBytes(StandardCharsets.UTF_8));
            };
        }

        /** {@code ?name=value} (or something near it) with any bytes in the value. */
        String query(String name) {
            return switch (r.nextInt(10)) {
                case 0 -> "";
                case 1 -> "?" + name;
                case 2 -> "?" + name + "=";
                case 3 -> "?" + name + "=" + pick("1", "8", "32", "33", "0", "-1", "2147483648", "1e3", "%201%20", "+5", "%EF%BC%95", "ada",
                        "ad", "guest", "%25", "_", "%5C", "%", "%G1", "%FF", "%ED%A0%80", "a%00b", "x+y", "%2B");
                case 4 -> "?" + name + "=a&" + name + "=b";
                case 5 -> "?" + name + "="  + Raw.escape(randomBytes(1 + r.nextInt(40)));
                case 6 -> "?" + name + "=" + Raw.escape(("x".repeat(pick(99, 100, 101, 5000))).getBytes(StandardCharsets.UTF_8));
                default -> "?" + name + "=" + Raw.escape(shortText().getBytes(StandardCharsets.UTF_8));
            };
        }

        byte[] randomBytes(int n) {
            byte[] b = new byte[n];
            r.nextBytes(b);
            return b;
        }

        // -- guest lists --

        /** A CSV upload: right, nearly right or wrong header, odd rows, broken quotes, any encoding. */
        byte[] csv() {
            if (chance(0.08)) {
                return randomBytes(r.nextInt(2_000));
            }
            String sep = pick("\n", "\r\n", "\r");
            StringBuilder sb = new StringBuilder();
            int columns = 2;
            switch (r.nextInt(8)) {
                case 0 -> { }
                case 1 -> sb.append("Name,EMAIL").append(sep);
                case 2 -> {
                    sb.append("name,email,company,\"role, title\",,note");
                    columns = 6;
                    sb.append(sep);
                }
                case 3 -> {
                    columns = pick(51, 60, 300);
                    sb.append("name,email");
                    for (int i = 2; i < columns; i++) {
                        sb.append(",c").append(i);
                    }
                    sb.append(sep);
                }
                case 4 -> sb.append(pick("name,name,email", "email;name", "\"name\",\"email", "name", ",", "\"\"", "email,name"))
                        .append(sep);
                case 5 -> sb.append(cell()).append(',').append(cell()).append(sep);
                default -> sb.append("name,email").append(sep);
            }
            int rows = chance(0.1) && columns <= 6 ? 200 + r.nextInt(400) : r.nextInt(30);
            longCells = chance(0.2) ? 1 + r.nextInt(2) : 0;
            for (int i = 0; i < rows && sb.length() < 1_000_000; i++) {
                int n = chance(0.8) ? columns : r.nextInt(columns + 3);
                for (int c = 0; c < n; c++) {
                    if (c > 0) {
                        sb.append(',');
                    }
                    if (c == 1 && chance(0.6)) {
                        sb.append("guest").append(r.nextInt(100_000)).append("@import.example");
                    } else if (c == 0 && chance(0.5)) {
                        sb.append("Guest ").append(i);
                    } else {
                        sb.append(cell());
                    }
                }
                sb.append(chance(0.95) ? sep : pick("\n\n\n", "\r\r", "\"", ""));
            }
            String text = sb.toString();
            int encoding = r.nextInt(10);
            return switch (encoding) {
                case 0 -> ("\ufeff" + text).getBytes(StandardCharsets.UTF_8);
                case 1 -> text.getBytes(StandardCharsets.UTF_16);
                case 2 -> text.getBytes(StandardCharsets.UTF_16LE);
                case 3 -> text.getBytes(StandardCharsets.ISO_8859_1);
                case 4 -> text.getBytes(Charset.forName("windows-1252"));
                default -> text.getBytes(StandardCharsets.UTF_8);
            };
        }

        private int longCells;

        /** A CSV value, quoted or not; at most {@code longCells} of them per file are long (up to 100 kB). */
        String cell() {
            int kind = r.nextInt(10);
            if (kind == 0 && longCells > 0) {
                longCells--;
                return longText(1_000, 100_000);
            }
            String t = switch (kind) {
                case 0 -> shortText();
                case 1 -> pick("\"", "\"\"", "\"a\"b\"", "a\"b", "\"unterminated", "\"a\nb\"", "\"a,b\"", "=1+1", "@SUM(A1)");
                default -> shortText();
            };
            return chance(0.3) ? "\"" + t.replace("\"", "\"\"") + "\"" : t;
        }
    }
}
