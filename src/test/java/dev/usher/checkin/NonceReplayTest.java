package dev.usher.checkin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.ServerTest;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.usher.ApiAssertions.assertError;
import static dev.usher.TestServer.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A kiosk that lost an answer on the Wi-Fi retries with the same nonce; when the retries race each
 * other (or the first attempt), exactly one check-in is recorded and every attempt gets the same answer.
 */
class NonceReplayTest extends ServerTest {
    private final ObjectMapper json = new ObjectMapper();

    /** Sends {@code body} from {@code threads} threads released at the same instant; returns the answers. */
    private List<TestServer.Response> sendAtOnce(int threads, String body, String token) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<TestServer.Response>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return server.post("/api/checkins", body, token);
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<TestServer.Response> answers = new ArrayList<>();
            for (Future<TestServer.Response> f : futures) {
                answers.add(f.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private String scan(String code, String nonce) {
        return json.createObjectNode().put("code", code).put("nonce", nonce).toString();
    }

    private long standingEntries() {
        return server.get("/api/checkins.csv", ADMIN_TOKEN).body().lines().skip(1).filter(l -> l.contains(",entry,")).count();
    }

    /** Scans in the audit for the device with this id: a replay records nothing new. */
    private int auditedScans(String deviceId) {
        for (JsonNode device : server.get("/api/stats", ADMIN_TOKEN).json().get("kiosks")) {
            if (device.get("id").asText().equals(deviceId)) {
                return device.get("scans").asInt();
            }
        }
        return 0;
    }

    private static void assertAllTheSame(List<TestServer.Response> answers, int status) {
        TestServer.Response first = answers.get(0);
        assertThat(first.status()).as(first.body()).isEqualTo(status);
        for (TestServer.Response r : answers) {
            assertThat(r.status()).isEqualTo(first.status());
            assertThat(r.body()).isEqualTo(first.body());
        }
    }

    @Test
    void the_same_nonce_from_many_threads_with_the_admin_token_records_one_check_in_and_gives_every_thread_the_same_answer() throws Exception {
        String code = server.register("Ada Lovelace", "ada@example.com").get("code").asText();

        List<TestServer.Response> answers = sendAtOnce(32, scan(code, "same"), ADMIN_TOKEN);

        assertAllTheSame(answers, 201);
        assertThat(answers.get(0).json().get("status").asText()).isEqualTo("ok");
        assertThat(standingEntries()).isEqualTo(1);
        assertThat(server.get("/api/stats", ADMIN_TOKEN).json().get("checkedIn").asInt()).isEqualTo(1);
        assertThat(auditedScans("admin")).isEqualTo(1);
    }

    @Test
    void the_same_nonce_from_many_threads_with_one_kiosk_token_records_one_check_in_and_gives_every_thread_the_same_answer() throws Exception {
        JsonNode door = server.createKiosk("Door A");
        String kiosk = door.get("token").asText();
        String code = server.register("Ada Lovelace", "ada@example.com").get("code").asText();

        // 20 stays inside the kiosk's burst allowance (30), so every thread reaches the check-in itself.
        List<TestServer.Response> answers = sendAtOnce(20, scan(code, "same"), kiosk);

        assertAllTheSame(answers, 201);
        assertThat(answers.get(0).json().at("/ticket/name").asText()).isEqualTo("Ada Lovelace");
        assertThat(standingEntries()).isEqualTo(1);
        assertThat(auditedScans(door.get("id").asText())).isEqualTo(1);
    }

    @Test
    void racing_retries_of_a_refused_scan_all_get_the_same_refusal_and_record_nothing() throws Exception {
        String code = server.register("Ada Lovelace", "ada@example.com").get("code").asText();
        assertThat(server.checkIn(code, ADMIN_TOKEN).status()).isEqualTo(201);

        List<TestServer.Response> answers = sendAtOnce(32, scan(code, "door-a-7"), ADMIN_TOKEN);

        assertAllTheSame(answers, 200);
        assertThat(answers.get(0).json().get("reason").asText()).isEqualTo("already_redeemed");
        assertThat(standingEntries()).isEqualTo(1);
        assertThat(auditedScans("admin")).as("the first scan and one refusal").isEqualTo(2);
    }

    @Test
    void racing_retries_of_an_invalid_code_all_get_the_same_404() throws Exception {
        List<TestServer.Response> answers = sendAtOnce(32, scan("NOT-A-TICKET", "n-1"), ADMIN_TOKEN);

        assertAllTheSame(answers, 404);
        assertThat(answers.get(0).json().get("reason").asText()).isEqualTo("invalid");
    }

    @Test
    void the_same_nonce_on_two_kiosks_is_two_different_scans() throws Exception {
        String doorA = server.createKiosk("Door A").get("token").asText();
        String doorB = server.createKiosk("Door B").get("token").asText();
        String code = server.register("Ada Lovelace", "ada@example.com").get("code").asText();

        TestServer.Response a = server.post("/api/checkins", scan(code, "1"), doorA);
        TestServer.Response b = server.post("/api/checkins", scan(code, "1"), doorB);

        assertThat(a.status()).isEqualTo(201);
        assertThat(b.status()).isEqualTo(200);
        assertThat(b.json().get("reason").asText()).isEqualTo("already_redeemed");
        assertThat(b.json().at("/firstCheckin/kiosk").asText()).isEqualTo("Door A");
    }

    @Test
    void a_nonce_reused_for_another_code_is_refused_and_records_nothing() {
        String door = server.createKiosk("Door A").get("token").asText();
        String ada = server.register("Ada Lovelace", "ada@example.com").get("code").asText();
        String grace = server.register("Grace Hopper", "grace@example.com").get("code").asText();
        TestServer.Response first = server.post("/api/checkins", scan(ada, "n-7"), door);
        assertThat(first.status()).isEqualTo(201);

        TestServer.Response other = server.post("/api/checkins", scan(grace, "n-7"), door);
        assertError(other, 409, "nonce_reused");
        assertThat(other.json().get("message").asText()).contains("nonce");
        String graceId = server.get("/api/tickets?q=grace", ADMIN_TOKEN).json().at("/tickets/0/id").asText();
        String byTicketId = json.createObjectNode().put("ticketId", graceId).put("nonce", "n-7").toString();
        assertError(server.post("/api/checkins", byTicketId, door), 409, "nonce_reused");

        TestServer.Response again = server.post("/api/checkins", scan(ada, "n-7"), door);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(standingEntries()).isEqualTo(1);
        assertThat(server.get("/api/stats", ADMIN_TOKEN).json().get("checkedIn").asInt()).isEqualTo(1);
        // Grace was never let in: her own scan with a fresh nonce admits her.
        assertThat(server.post("/api/checkins", scan(grace, "n-8"), door).status()).isEqualTo(201);
    }
}
