package dev.usher.checkin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.ServerTest;
import dev.usher.TestServer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.usher.TestServer.ADMIN_TOKEN;
import static dev.usher.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

class CheckInTest extends ServerTest {
    String kiosk;

    @BeforeEach
    void createKiosk() {
        kiosk = server.createKiosk("Door A").get("token").asText();
    }

    private TestServer.Response scan(String json) {
        return server.post("/api/checkins", json, kiosk);
    }

    private JsonNode stats() {
        return server.get("/api/stats", ADMIN_TOKEN).json();
    }

    @Test
    void a_genuine_ticket_is_admitted_once_with_its_name() {
        JsonNode t = server.register("Ada Lovelace", "ada@example.com");
        TestServer.Response r = server.checkIn(t.get("code").asText(), kiosk);
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("status").asText()).isEqualTo("ok");
        assertThat(r.json().at("/ticket/name").asText()).isEqualTo("Ada Lovelace");
        assertThat(r.json().at("/ticket/id").asText()).isEqualTo(t.get("id").asText());
        assertThat(r.json().get("list").asText()).isEqualTo("main");
        assertThat(stats().get("checkedIn").asInt()).isEqualTo(1);
    }

    @Test
    void a_second_scan_is_refused_as_already_redeemed_saying_when_and_where() {
        String code = server.register("Ada", "ada@example.com").get("code").asText();
        Instant before = Instant.now().minusSeconds(1);
        server.checkIn(code, kiosk);
        String doorB = server.createKiosk("Door B").get("token").asText();
        TestServer.Response again = server.checkIn(code, doorB);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("status").asText()).isEqualTo("error");
        assertThat(again.json().get("reason").asText()).isEqualTo("already_redeemed");
        assertThat(again.json().at("/firstCheckin/kiosk").asText()).isEqualTo("Door A");
        Instant at = Instant.parse(again.json().at("/firstCheckin/at").asText());
        assertThat(at).isBetween(before, Instant.now());
        assertThat(again.json().get("message").asText()).contains("Door A");
        assertThat(stats().get("checkedIn").asInt()).isEqualTo(1);
    }

    @Test
    void forged_mutated_and_garbage_codes_are_invalid_and_reveal_nothing() {
        String code = server.register("Ada", "ada@example.com").get("code").asText();
        char last = code.charAt(code.length() - 2);
        String mutated = code.substring(0, code.length() - 2) + (last == 'A' ? 'B' : 'A') + code.charAt(code.length() - 1);
        String otherSerial = code.substring(0, 5) + (code.charAt(5) == 'A' ? 'B' : 'A') + code.substring(6);
        for (String bad : List.of(mutated, otherSerial, "HELLO", "A".repeat(124), "\u0000\u0001", "x".repeat(5000), "12345-67890")) {
            TestServer.Response r = server.checkIn(bad, kiosk);
            assertThat(r.status()).as(bad).isEqualTo(404);
            assertThat(r.json().get("reason").asText()).isEqualTo("invalid");
            assertThat(r.json().has("ticket")).isFalse();
        }
        assertThat(stats().get("checkedIn").asInt()).isZero();
        assertThat(server.checkIn(code, kiosk).status()).isEqualTo(201);
    }

    @Test
    void a_code_signed_by_another_events_key_is_invalid(@TempDir Path otherData) {
        String foreign;
        try (TestServer other = TestServer.start(otherData)) {
            foreign = other.register("Mallory", "mallory@example.com").get("code").asText();
        }
        assertThat(server.checkIn(foreign, kiosk).status()).isEqualTo(404);
    }

    @Test
    void a_revoked_code_is_refused_and_the_reissued_one_admits() {
        JsonNode t = server.register("Ada", "ada@example.com");
        String fresh = server.admin("POST", "/api/tickets/" + t.get("id").asText() + "/revoke", null).json().at("/ticket/code").asText();
        TestServer.Response old = server.checkIn(t.get("code").asText(), kiosk);
        assertThat(old.status()).isEqualTo(200);
        assertThat(old.json().get("reason").asText()).isEqualTo("revoked");
        assertThat(server.checkIn(fresh, kiosk).status()).isEqualTo(201);
    }

    @Test
    void a_refused_exit_scan_answers_type_exit_and_is_replayed_the_same() {
        JsonNode t = server.register("Ada", "ada@example.com");
        server.admin("POST", "/api/tickets/" + t.get("id").asText() + "/revoke", null);
        String body = "{\"code\":\"" + t.get("code").asText() + "\",\"type\":\"exit\",\"nonce\":\"out-1\"}";
        TestServer.Response exit = scan(body);
        assertThat(exit.json().get("reason").asText()).isEqualTo("revoked");
        assertThat(exit.json().get("type").asText()).isEqualTo("exit");
        assertThat(exit.json().get("title").asText()).isEqualTo("Ticket replaced");
        assertThat(scan(body).json()).isEqualTo(exit.json());
        TestServer.Response forged = scan("{\"code\":\"nonsense-code\",\"type\":\"exit\"}");
        assertThat(forged.json().get("reason").asText()).isEqualTo("invalid");
        assertThat(forged.json().get("type").asText()).isEqualTo("exit");
    }

    @Test
    void every_reason_a_scan_answers_has_its_wording_in_the_published_vocabulary() {
        JsonNode reasons = server.get("/api/event").json().at("/vocabulary/reasons");
        JsonNode t = server.register("Ada", "ada@example.com");
        server.checkIn(t.get("code").asText(), kiosk);
        for (TestServer.Response r : List.of(server.checkIn(t.get("code").asText(), kiosk), server.checkIn("garbage", kiosk),
                scan("{\"code\":\"" + server.register("Bo", "bo@example.com").get("code").asText() + "\",\"type\":\"exit\"}"))) {
            String reason = r.json().get("reason").asText();
            assertThat(reasons.at("/" + reason + "/wording").asText()).isEqualTo(r.json().get("title").asText()).isNotBlank();
        }
        assertThat(reasons.size()).isEqualTo(Reason.values().length);
    }

    @Test
    void a_cancelled_ticket_is_refused_and_no_longer_counts_as_registered() {
        JsonNode t = server.register("Ada", "ada@example.com");
        server.admin("POST", "/api/tickets/" + t.get("id").asText() + "/revoke", "{\"reissue\":false}");
        TestServer.Response r = server.checkIn(t.get("code").asText(), kiosk);
        assertThat(r.json().get("reason").asText()).isEqualTo("canceled");
        assertThat(stats().get("registered").asInt()).isZero();
    }

    @Test
    void the_same_nonce_sent_twice_records_one_check_in_and_returns_the_same_verdict() {
        String code = server.register("Ada", "ada@example.com").get("code").asText();
        String body = "{\"code\":\"" + code + "\",\"nonce\":\"scan-42\"}";
        TestServer.Response first = scan(body);
        TestServer.Response retry = scan(body);
        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(stats().at("/lists/0/entries").asInt()).isEqualTo(1);
        // A new nonce is a new scan: now it is a repeat.
        TestServer.Response next = scan("{\"code\":\"" + code + "\",\"nonce\":\"scan-43\"}");
        assertThat(next.json().get("reason").asText()).isEqualTo("already_redeemed");
        assertThat(scan(body).json()).isEqualTo(first.json());
    }

    @Test
    void many_kiosks_scanning_one_ticket_at_the_same_instant_admit_it_exactly_once() throws Exception {
        String code = server.register("Ada", "ada@example.com").get("code").asText();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tokens.add(server.createKiosk("Door " + i).get("token").asText());
        }
        int threads = 32;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            String token = tokens.get(i % tokens.size());
            answers.add(pool.submit(() -> {
                go.await();
                return server.checkIn(code, token).status();
            }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : answers) {
            statuses.add(f.get());
        }
        pool.shutdown();
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(threads - 1);
        assertThat(stats().at("/lists/0/entries").asInt()).isEqualTo(1);
    }

    @Test
    void exits_make_re_entry_possible_and_inside_counts_who_is_in() {
        String ada = server.register("Ada", "ada@example.com").get("code").asText();
        String bob = server.register("Bob", "bob@example.com").get("code").asText();
        assertThat(server.checkIn(ada, kiosk).status()).isEqualTo(201);
        assertThat(server.checkIn(bob, kiosk).status()).isEqualTo(201);
        assertThat(stats().get("inside").asInt()).isEqualTo(2);

        TestServer.Response out = scan("{\"code\":\"" + ada + "\",\"type\":\"exit\"}");
        assertThat(out.status()).isEqualTo(201);
        assertThat(out.json().get("type").asText()).isEqualTo("exit");
        assertThat(stats().get("inside").asInt()).isEqualTo(1);
        assertThat(stats().get("checkedIn").asInt()).isEqualTo(2);

        TestServer.Response outAgain = scan("{\"code\":\"" + ada + "\",\"type\":\"exit\"}");
        assertThat(outAgain.json().get("reason").asText()).isEqualTo("not_inside");
        assertThat(server.checkIn(ada, kiosk).status()).as("re-entry").isEqualTo(201);
        assertThat(stats().get("inside").asInt()).isEqualTo(2);
        assertThat(stats().get("checkedIn").asInt()).isEqualTo(2);
        assertThat(stats().at("/lists/0/entries").asInt()).isEqualTo(3);
    }

    @Test
    void each_talk_has_its_own_list_that_counts_separately() {
        String code = server.register("Ada", "ada@example.com").get("code").asText();
        JsonNode lists = server.get("/api/event").json().get("lists");
        assertThat(lists.findValuesAsText("id")).containsExactly("main", "how-workers-work", "security-serverless-future", "serverless-world-map");

        assertThat(server.checkIn(code, kiosk).status()).isEqualTo(201);
        TestServer.Response talk = scan("{\"code\":\"" + code + "\",\"list\":\"how-workers-work\"}");
        assertThat(talk.status()).isEqualTo(201);
        assertThat(talk.json().get("list").asText()).isEqualTo("how-workers-work");
        assertThat(scan("{\"code\":\"" + code + "\",\"list\":\"how-workers-work\"}").json().get("reason").asText()).isEqualTo("already_redeemed");
        assertThat(scan("{\"code\":\"" + code + "\",\"list\":\"serverless-world-map\"}").status()).isEqualTo(201);

        JsonNode s = stats();
        assertThat(s.at("/lists/0/checkedIn").asInt()).isEqualTo(1);
        assertThat(s.at("/lists/1/checkedIn").asInt()).isEqualTo(1);
        assertThat(s.at("/lists/2/checkedIn").asInt()).isZero();
        assertThat(s.at("/lists/3/checkedIn").asInt()).isEqualTo(1);
        assertError(scan("{\"code\":\"" + code + "\",\"list\":\"backstage\"}"), 400, "unknown_list");
    }

    @Test
    void staff_can_annul_a_check_in_which_stays_on_record() {
        String code = server.register("Ada", "ada@example.com").get("code").asText();
        long id = server.checkIn(code, kiosk).json().get("checkinId").asLong();
        assertError(server.post("/api/checkins/" + id + "/annul", "{}", kiosk), 403, "forbidden");

        TestServer.Response annul = server.post("/api/checkins/" + id + "/annul", "{\"reason\":\"scanned the wrong person\"}", ADMIN_TOKEN);
        assertThat(annul.status()).isEqualTo(200);
        assertThat(stats().get("checkedIn").asInt()).isZero();
        assertError(server.post("/api/checkins/" + id + "/annul", "{}", ADMIN_TOKEN), 409, "already_annulled");
        assertError(server.post("/api/checkins/999999/annul", "{}", ADMIN_TOKEN), 404, "checkin_not_found");

        String csv = server.get("/api/checkins.csv", ADMIN_TOKEN).body();
        assertThat(csv.lines().filter(l -> l.startsWith(id + ",")).findFirst().orElseThrow()).contains("Staff");
        // Annulled, so the ticket can be admitted again.
        assertThat(server.checkIn(code, kiosk).status()).isEqualTo(201);
    }

    @Test
    void a_check_in_under_a_later_exit_cannot_be_annulled_alone() {
        String code = server.register("Ada", "ada@example.com").get("code").asText();
        long entry = server.checkIn(code, kiosk).json().get("checkinId").asLong();
        scan("{\"code\":\"" + code + "\",\"type\":\"exit\"}");
        assertError(server.post("/api/checkins/" + entry + "/annul", "{}", ADMIN_TOKEN), 409, "not_latest");
    }

    @Test
    void manual_admit_by_ticket_id_after_a_search() {
        server.register("Ada Lovelace", "ada@example.com");
        String id = server.get("/api/tickets?q=lovelace", kiosk).json().at("/tickets/0/id").asText();
        TestServer.Response r = scan("{\"ticketId\":\"" + id + "\"}");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().at("/ticket/name").asText()).isEqualTo("Ada Lovelace");
        assertThat(scan("{\"ticketId\":\"nonexistent\"}").status()).isEqualTo(404);
    }

    @Test
    void bad_check_in_requests_are_400_with_the_error_shape() {
        assertError(scan("{"), 400, "bad_json");
        assertError(scan("{}"), 400, "missing_code");
        assertError(scan("{\"code\":42}"), 400, "bad_json");
        assertError(scan("{\"code\":\"X\",\"type\":\"sideways\"}"), 400, "invalid_type");
        assertError(scan("{\"code\":\"X\",\"at\":\"yesterday\"}"), 400, "invalid_time");
        assertError(scan("{\"code\":\"X\",\"nonce\":\"" + "n".repeat(101) + "\"}"), 400, "invalid_nonce");
        assertError(scan("{\"code\":\"X\",\"nonce\":\"n\\u0000n\"}"), 400, "invalid_nonce");
        assertError(scan("{\"code\":\"X\",\"nonce\":\"n\\u202En\"}"), 400, "invalid_nonce");
    }

    @Test
    void stats_count_per_list_and_per_kiosk() {
        String ada = server.register("Ada", "ada@example.com").get("code").asText();
        server.register("Bob", "bob@example.com");
        server.checkIn(ada, kiosk);
        server.checkIn(ada, kiosk);
        server.checkIn("GARBAGE", kiosk);
        JsonNode s = stats();
        assertThat(s.get("registered").asInt()).isEqualTo(2);
        assertThat(s.get("checkedIn").asInt()).isEqualTo(1);
        JsonNode door = s.get("kiosks").get(0);
        assertThat(door.get("name").asText()).isEqualTo("Door A");
        assertThat(door.get("scans").asInt()).isEqualTo(3);
        assertThat(door.get("admitted").asInt()).isEqualTo(1);
        assertThat(door.get("refused").asInt()).isEqualTo(2);
        assertThat(door.get("lastSeen").asText()).isNotBlank();
    }

    @Test
    void the_csv_export_lists_arrivals_and_defuses_spreadsheet_formulas() {
        JsonNode t = server.post("/api/tickets", "{\"name\":\"=HYPERLINK(\\\"x\\\")\",\"email\":\"evil@example.com\"}", ADMIN_TOKEN).json().get("ticket");
        server.checkIn(t.get("code").asText(), kiosk);
        TestServer.Response csv = server.get("/api/checkins.csv", ADMIN_TOKEN);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("\uFEFFcheckin_id,ticket_id,name,email,list,list_name,type,at,kiosk,annulled_at,annulled_by,annul_reason");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains(t.get("id").asText()).contains("'=HYPERLINK").contains("Door A").contains("entry");
    }
}
