package dev.usher.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.usher.Config;
import dev.usher.Eventually;
import dev.usher.PgCluster;
import dev.usher.TestServer;
import dev.usher.live.SseTestClient;
import dev.usher.mail.MailOptions;
import dev.usher.mail.SmtpUrl;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Usher nodes on one real PostgreSQL database, each with its own data folder: what one does,
 * the other sees, and the door's rules hold across them as they hold inside one process.
 */
class TwoNodesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HEARD = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private PostgresUrl db;
    private TestServer a;
    private TestServer b;

    @BeforeEach
    void startTwoNodes() {
        db = PgCluster.shared().freshDatabase();
        a = node("a");
        b = node("b");
    }

    /** Nodes started as processes: killed at the end whatever happened, so none outlives its test. */
    private final List<UsherProcess> processes = new ArrayList<>();

    private UsherProcess process(String name, List<String> more) throws Exception {
        UsherProcess p = UsherProcess.launch(dir.resolve(name), dir.resolve(name + ".log"), more);
        processes.add(p);
        return p;
    }

    @AfterEach
    void stop() {
        processes.forEach(p -> p.process().destroyForcibly());
        for (TestServer s : new TestServer[]{a, b}) {
            if (s != null) {
                s.close();
            }
        }
    }

    private TestServer node(String name) {
        return TestServer.start(new Config("127.0.0.1", 0, dir.resolve(name), null, TestServer.ADMIN_TOKEN).withDatabase(db));
    }

    private static String scan(String code, String nonce) {
        return JSON.createObjectNode().put("code", code).put("nonce", nonce).toString();
    }

    @Test
    void both_nodes_serve_one_event_with_one_key() {
        assertThat(b.get("/api/event").json().at("/publicKey/spki").asText())
                .isEqualTo(a.get("/api/event").json().at("/publicKey/spki").asText());
        String code = a.register("Ada Lovelace", "ada@example.com").get("code").asText();
        TestServer.Response admitted = b.checkIn(code, TestServer.ADMIN_TOKEN);
        assertThat(admitted.status()).as(admitted.body()).isEqualTo(201);
        assertThat(admitted.json().at("/ticket/name").asText()).isEqualTo("Ada Lovelace");
    }

    @Test
    void one_ticket_scanned_24_times_at_once_on_two_nodes_is_admitted_once() throws Exception {
        String code = a.register("Ada Lovelace", "ada@example.com").get("code").asText();
        String doorA = a.createKiosk("Door A").get("token").asText();
        String doorB = b.createKiosk("Door B").get("token").asText();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(24);
        List<Future<TestServer.Response>> answers = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            TestServer node = i % 2 == 0 ? a : b;
            String token = i % 2 == 0 ? doorA : doorB;
            answers.add(pool.submit(() -> {
                go.await();
                return node.post("/api/checkins", scan(code, UUID.randomUUID().toString()), token);
            }));
        }
        go.countDown();
        int admitted = 0;
        int already = 0;
        for (Future<TestServer.Response> f : answers) {
            TestServer.Response r = f.get(60, TimeUnit.SECONDS);
            if (r.status() == 201) {
                admitted++;
            } else if (r.status() == 200 && "already_redeemed".equals(r.json().path("reason").asText())) {
                already++;
            } else {
                throw new AssertionError("unexpected answer " + r.status() + " " + r.body());
            }
        }
        pool.shutdown();
        assertThat(admitted).isEqualTo(1);
        assertThat(already).isEqualTo(23);
        assertThat(a.get("/api/stats", TestServer.ADMIN_TOKEN).json().get("checkedIn").asInt()).isEqualTo(1);
        assertThat(b.get("/api/stats", TestServer.ADMIN_TOKEN).json().get("checkedIn").asInt()).isEqualTo(1);
    }

    @Test
    void a_kiosk_retrying_one_scan_on_the_other_node_gets_the_first_answer_and_nothing_new_is_recorded() {
        String code = a.register("Ada Lovelace", "ada@example.com").get("code").asText();
        String door = a.createKiosk("Door A").get("token").asText();
        String nonce = UUID.randomUUID().toString();
        TestServer.Response first = a.post("/api/checkins", scan(code, nonce), door);
        assertThat(first.status()).isEqualTo(201);
        TestServer.Response retry = b.post("/api/checkins", scan(code, nonce), door);
        assertThat(retry.status()).as(retry.body()).isEqualTo(201);
        assertThat(retry.json().at("/ticket/name").asText()).isEqualTo("Ada Lovelace");
        assertThat(b.get("/api/stats", TestServer.ADMIN_TOKEN).json().get("checkedIn").asInt()).isEqualTo(1);
        JsonNode kiosks = b.get("/api/stats", TestServer.ADMIN_TOKEN).json().get("kiosks");
        assertThat(kiosks).hasSize(1);
        assertThat(kiosks.get(0).get("scans").asInt()).as("one scan in the audit, not two").isEqualTo(1);
    }

    @Test
    void a_dashboard_on_one_node_sees_a_check_in_made_on_the_other() throws Exception {
        String code = b.register("Ada Lovelace", "ada@example.com").get("code").asText();
        try (SseTestClient dashboard = new SseTestClient(a.baseUrl() + "/api/stats/stream", TestServer.ADMIN_TOKEN, null)) {
            SseTestClient.Event first = dashboard.next(Duration.ofSeconds(10));
            assertThat(first.json().at("/stats/checkedIn").asInt()).isZero();
            assertThat(b.checkIn(code, TestServer.ADMIN_TOKEN).status()).isEqualTo(201);
            SseTestClient.Event e = dashboard.next(HEARD);
            while (e != null && e.json().at("/stats/checkedIn").asInt() == 0) {
                e = dashboard.next(HEARD);
            }
            assertThat(e).as("a snapshot after node b's check-in").isNotNull();
            assertThat(e.json().at("/stats/checkedIn").asInt()).isEqualTo(1);
        }
    }

    @Test
    void a_kiosk_revoked_on_one_node_is_refused_by_the_other_at_once() {
        JsonNode kiosk = a.createKiosk("Door A");
        String token = kiosk.get("token").asText();
        String code = a.register("Ada Lovelace", "ada@example.com").get("code").asText();
        // Node b has the token in its memory now.
        assertThat(b.get("/api/me", token).status()).isEqualTo(200);
        assertThat(a.admin("POST", "/api/kiosks/" + kiosk.get("id").asText() + "/revoke", null).status()).isEqualTo(200);
        Eventually.until("node b refuses the revoked token", HEARD, () -> b.get("/api/me", token).status() == 401);
        assertThat(b.checkIn(code, token).status()).isEqualTo(401);
    }

    @Test
    void an_event_edited_on_one_node_is_served_by_the_other() {
        String file = a.get("/api/event/file", TestServer.ADMIN_TOKEN).body();
        TestServer.Response saved = a.admin("PUT", "/api/event", file.replaceFirst("\"name\" : \"[^\"]*\"", "\"name\" : \"Renamed on a\""));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        Eventually.until("node b serves the edited event", HEARD,
                () -> b.get("/api/event").json().get("name").asText().equals("Renamed on a"));
    }

    @Test
    void a_node_killed_mid_rush_loses_no_acknowledged_check_in_and_the_other_carries_on() throws Exception {
        b.close();
        b = TestServer.start(new Config("127.0.0.1", 0, dir.resolve("b"), null, UsherProcess.ADMIN_TOKEN).withDatabase(db));
        UsherProcess killed = process("killed", List.of("--db", db.withPassword()));
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            codes.add(b.post("/api/tickets", JSON.createObjectNode().put("name", "Guest " + i).put("email", "g" + i + "@example.com")
                    .toString(), UsherProcess.ADMIN_TOKEN).json().at("/ticket/code").asText());
        }
        Map<String, Boolean> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean rushing = new AtomicBoolean(true);
        ExecutorService doors = Executors.newFixedThreadPool(8);
        CountDownLatch someAdmitted = new CountDownLatch(20);
        for (int d = 0; d < 8; d++) {
            int door = d;
            doors.execute(() -> {
                for (int i = door; i < codes.size() && rushing.get(); i += 8) {
                    try {
                        HttpResponse<String> r = killed.post("/api/checkins", scan(codes.get(i), UUID.randomUUID().toString()));
                        if (r.statusCode() == 201) {
                            acknowledged.put(codes.get(i), true);
                            someAdmitted.countDown();
                        }
                    } catch (Exception e) {
                        return; // the node is gone: this door stops
                    }
                }
            });
        }
        assertThat(someAdmitted.await(60, TimeUnit.SECONDS)).isTrue();
        killed.process().destroyForcibly();
        killed.process().waitFor(30, TimeUnit.SECONDS);
        rushing.set(false);
        doors.shutdown();
        assertThat(doors.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        assertThat(acknowledged).isNotEmpty();
        for (String code : acknowledged.keySet()) {
            TestServer.Response again = b.checkIn(code, UsherProcess.ADMIN_TOKEN);
            assertThat(again.json().path("reason").asText()).as("acknowledged on the killed node: " + again.body())
                    .isEqualTo("already_redeemed");
        }
        // The surviving node still admits the rest.
        String untouched = codes.stream().filter(c -> !acknowledged.containsKey(c)).reduce((x, y) -> y).orElseThrow();
        TestServer.Response later = b.checkIn(untouched, UsherProcess.ADMIN_TOKEN);
        assertThat(later.status() == 201 || "already_redeemed".equals(later.json().path("reason").asText()))
                .as("admitted now, or earlier by a scan whose answer the kill swallowed: " + later.body()).isTrue();
    }

    @Test
    void mail_taken_by_a_node_killed_mid_batch_is_sent_by_the_other() throws Exception {
        // Only nodes that send through this relay: a node without --smtp on the same database would
        // take its share of the queue and write it to its own outbox folder.
        a.close();
        a = null;
        b.close();
        b = null;
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            String relay = "smtp://127.0.0.1:" + smtp.getSmtp().getPort();
            String from = "Serverless Oakland <tickets@usher.test>";
            // Two mails a second: the node takes ten (five seconds of its work) and is killed after two.
            UsherProcess killed = process("killed", List.of("--db", db.withPassword(), "--smtp", relay, "--mail-from", from,
                    "--mail-rate", "2"));
            for (int i = 0; i < 12; i++) {
                HttpResponse<String> r = killed.post("/api/tickets", JSON.createObjectNode().put("name", "Guest " + i)
                        .put("email", "guest" + i + "@example.com").toString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            }
            HttpResponse<String> send = killed.post("/api/tickets/send", "{\"unsent\":true}");
            assertThat(send.statusCode()).as(send.body()).isEqualTo(202);
            try {
                Eventually.until("the first node sent two mails", HEARD, () -> smtp.getReceivedMessages().length >= 2);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; its log:\n" + java.nio.file.Files.readString(dir.resolve("killed.log")), e);
            }
            killed.process().destroyForcibly();
            killed.process().waitFor(30, TimeUnit.SECONDS);

            // What the dead node had taken comes free once its claim runs out (45 s), and the other sends it.
            // The other node's clock runs 46 s ahead, so that for it the claim has run out already: the
            // same take as 45 s later, without CI waiting for it.
            b = TestServer.start(new Config("127.0.0.1", 0, dir.resolve("b"), null, UsherProcess.ADMIN_TOKEN).withDatabase(db)
                    .withMail(new MailOptions(SmtpUrl.parse(relay), from, null, 1000, Duration.ofMillis(200))),
                    Clock.offset(Clock.tickMillis(ZoneOffset.UTC), Duration.ofSeconds(46)));
            Eventually.until("every guest has a mail", Duration.ofSeconds(120), () -> recipients(smtp).size() == 12);
            // At least once: a mail sent in the killed node's last half second, before it could record it,
            // goes again; nothing else does.
            assertThat(smtp.getReceivedMessages().length).isBetween(12, 14);
        } finally {
            smtp.stop();
        }
    }

    private static Set<String> recipients(GreenMail smtp) {
        Set<String> to = new HashSet<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            try {
                to.add(m.getAllRecipients()[0].toString());
            } catch (MessagingException e) {
                throw new AssertionError(e);
            }
        }
        return to;
    }
}
