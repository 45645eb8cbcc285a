package dev.usher.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.PgCluster;
import dev.usher.TestServer;
import dev.usher.store.PostgresUrl;
import dev.usher.web.RawHttp.Answer;
import dev.usher.web.RawHttp.Req;
import io.javalin.router.Endpoint;
import io.javalin.router.ParsedEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

import static dev.usher.TestServer.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends generated bodies, paths and query strings to every endpoint of one server and checks each
 * answer against {@link ApiPromises}: never a 5xx; every 4xx is {@code {"error": ..., "message": ...}};
 * every 2xx is what the endpoint promises (JSON, PNG, SVG or the ticket page). Afterwards the store
 * must be intact. The specific inputs the fuzz once found broken are pinned in {@link ApiFuzzRegressionTest}.
 *
 * <p>The cases ({@link FuzzCases}) come from a seeded {@link Random}: a failure prints the seed, and
 * {@code -Dfuzz.seed=N} replays the same cases (ticket ids and codes differ per run, the shapes do not);
 * {@code -Dfuzz.tries=N} sets the cases per endpoint. It is plain JUnit rather than jqwik because
 * jqwik's maintainers ask that coding agents not use jqwik 1.10, and an agent wrote this class.
 *
 * <p>Requests go over raw sockets ({@link RawHttp}), so a body can hold any bytes and a path any
 * percent-escape. Routes limited per address (registration, ticket pages, kiosk scans) are sent from
 * rotating loopback addresses ({@link LoopbackAddresses}), so the limits do not hide the bodies;
 * answers 429 are counted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());
    private static final int TRIES = Integer.getInteger("fuzz.tries", 150);
    /** A property stops after this many failures: each one may log a stack trace. */
    private static final int MAX_FAILURES = 5;
    private static final int JSON_LIMIT = 64 * 1024;

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
    private final LoopbackAddresses addresses = new LoopbackAddresses();

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
        List<String> failures = new ArrayList<>(fuzz("POST /api/tickets/import", g -> Req.post("/api/tickets/import", g.csv()).admin()
                .contentType(g.chance(0.9) ? "text/csv" : g.pick("text/csv; charset=utf-16", "text/plain", "application/json", "text/csv; charset=nope"))));
        failures.addAll(fuzz("POST /api/tickets/import/preview", g -> Req.post("/api/tickets/import/preview", g.csv()).admin()
                .contentType("text/csv")));
        expectNone(failures);
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

    @Test
    @Order(12)
    void every_route_in_every_spelling_never_breaks_the_server() {
        // The route table itself, so a route added later is tried too: with and without a trailing
        // slash, doubled slashes, upper case and ;-parameters, anonymous, as a kiosk and as admin.
        List<String> failures = new ArrayList<>();
        for (ParsedEndpoint p : server.app().unsafe.internalRouter.allHttpHandlers()) {
            Endpoint e = p.endpoint;
            if (!e.method.isHttpMethod()) {
                continue;
            }
            failures.addAll(fuzz(e.method + " " + e.path + " (spellings)", g -> {
                String path = e.path.replaceAll("\\{[^}]+}", g.pathSegment(ticketIds));
                String spelled = switch (g.r.nextInt(5)) {
                    case 0 -> path + "/";
                    case 1 -> "/" + path;
                    case 2 -> path.toUpperCase(Locale.ROOT);
                    case 3 -> path + ";x=" + g.r.nextInt(9);
                    default -> path.replaceFirst("/", "//");
                };
                Req req = e.method.name().equals("GET") ? Req.get(spelled)
                        : new Req(e.method.name(), spelled, g.body(g::scan), null, "application/json", "127.0.0.1");
                return switch (g.r.nextInt(3)) {
                    case 0 -> req.from(g.address());
                    case 1 -> req.token(kioskTokens.get(g.r.nextInt(kioskTokens.size()))).from(g.address());
                    default -> req.admin();
                };
            }, 10));
        }
        expectNone(failures);
    }

    @Test
    @Order(100)
    void afterwards_the_store_is_intact_and_the_door_still_works() throws Exception {
        assertThat(server.get("/api/stats", ADMIN_TOKEN).status()).isEqualTo(200);
        theStoredCheckInsAreConsistent();

        // Everything the fuzz stored can be read back.
        List<String> reads = new ArrayList<>(List.of("/api/checkins.csv", "/api/stats", "/api/dashboard", "/api/kiosks", "/api/viewers"));
        ticketIds.forEach(id -> reads.add("/api/tickets/" + id));
        codes.forEach(code -> reads.add("/t/" + code + "/ticket.json"));
        for (String path : reads) {
            Answer a = RawHttp.send(server.port(), Req.get(path).admin().from(addresses.next()));
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

    private void theStoredCheckInsAreConsistent() throws SQLException {
        try (Connection c = storedData(); Statement s = c.createStatement()) {
            if (!TestServer.onPostgres()) {
                try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("ok");
                }
            }
            try (ResultSet rs = s.executeQuery("""
                    SELECT ticket_id, list_id, round, count(*) FROM checkins WHERE annulled_at IS NULL AND type = 'entry'
                    GROUP BY ticket_id, list_id, round HAVING count(*) > 1
                    """)) {
                assertThat(rs.next()).as("a ticket with two standing entries in one round").isFalse();
            }
            try (ResultSet rs = s.executeQuery("""
                    SELECT ticket_id, list_id FROM checkins WHERE annulled_at IS NULL GROUP BY ticket_id, list_id
                    HAVING sum(CASE type WHEN 'entry' THEN 1 WHEN 'exit' THEN -1 ELSE 0 END) NOT IN (0, 1)
                    """)) {
                assertThat(rs.next()).as("a ticket inside twice, or out more often than in").isFalse();
            }
        }
    }

    /** The server's database, read-only: SQLite's file, or the data folder's PostgreSQL database. */
    private Connection storedData() throws SQLException {
        if (TestServer.onPostgres()) {
            PostgresUrl url = PgCluster.shared().databaseFor(data);
            Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
            c.setReadOnly(true);
            return c;
        }
        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true);
        return DriverManager.getConnection("jdbc:sqlite:" + data.resolve("usher.db"), readOnly.toProperties());
    }

    // ---- running and judging ---------------------------------------------------------------

    private static void expectNone(List<String> failures) {
        assertThat(failures).as("seed %d (-Dfuzz.seed=%d replays it)", SEED, SEED).isEmpty();
    }

    private List<String> fuzz(String endpoint, Function<FuzzCases, Req> cases) {
        return fuzz(endpoint, cases, TRIES);
    }

    /** Sends {@code tries} generated requests; returns what was wrong with the answers (at most {@link #MAX_FAILURES}). */
    private List<String> fuzz(String endpoint, Function<FuzzCases, Req> cases, int tries) {
        FuzzCases g = new FuzzCases(new Random(SEED ^ endpoint.hashCode()), ticketIds, codes, addresses);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < tries && failures.size() < MAX_FAILURES; i++) {
            Req req = cases.apply(g);
            Answer a;
            try {
                a = RawHttp.send(server.port(), req);
            } catch (IOException e) {
                failures.add(endpoint + ": no answer (" + e + ") to " + req);
                continue;
            }
            statuses.computeIfAbsent(endpoint, k -> new TreeMap<>()).merge(a.status(), 1, Integer::sum);
            String problem = ApiPromises.problem(req, a);
            if (problem != null) {
                failures.add(endpoint + ": " + problem + "\n    request: " + req + "\n    answer:  " + a);
            }
            remember(req, a);
        }
        return failures;
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
}
