package dev.usher.hook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.Config;
import dev.usher.Eventually;
import dev.usher.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.usher.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** Webhooks against a real HTTP receiver: Standard Webhooks signatures, retries, 410, rotation, restarts. */
class WebhookTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path data;
    TestServer server;
    Receiver receiver;

    @BeforeEach
    void start() {
        server = TestServer.start(data);
        receiver = new Receiver();
    }

    @AfterEach
    void stop() {
        server.close();
        receiver.close();
    }

    private JsonNode register(String body) {
        TestServer.Response r = server.admin("POST", "/api/webhooks", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    private JsonNode register() {
        return register("{\"url\":\"" + receiver.url() + "\"}");
    }

    private String admitSomeone(String name, String email) {
        String code = server.register(name, email).get("code").asText();
        assertThat(server.checkIn(code, TestServer.ADMIN_TOKEN).status()).isEqualTo(201);
        return code;
    }

    /** Standard Webhooks v1, checked here with the JDK alone. */
    private static List<String> v1(Receiver.Call call, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(
                mac.doFinal((call.id() + "." + call.timestamp() + "." + call.body()).getBytes(StandardCharsets.UTF_8)));
        List<String> matches = new ArrayList<>();
        for (String part : call.signature().split(" ")) {
            if (part.equals("v1," + expected)) {
                matches.add(part);
            }
        }
        return matches;
    }

    private boolean v1a(Receiver.Call call) throws Exception {
        String spki = server.get("/api/event").json().at("/publicKey/spki").asText();
        PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(spki)));
        String sig = Arrays.stream(call.signature().split(" ")).filter(p -> p.startsWith("v1a,")).findFirst().orElseThrow().substring(4);
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update((call.id() + "." + call.timestamp() + "." + call.body()).getBytes(StandardCharsets.UTF_8));
        return verifier.verify(Base64.getDecoder().decode(sig));
    }

    @Test
    void a_check_in_reaches_the_receiver_signed_with_the_secret_and_with_the_event_key() throws Exception {
        JsonNode hook = register();
        assertThat(hook.get("secret").asText()).startsWith("whsec_");
        assertThat(hook.get("events").toString()).contains("checkin.created", "ticket.created").doesNotContain("checkin.refused");
        assertThat(server.get("/api/webhooks", TestServer.ADMIN_TOKEN).body()).doesNotContain(hook.get("secret").asText());

        admitSomeone("Ada Lovelace", "ada@example.com");
        Receiver.Call created = receiver.next("ticket.created", WAIT);
        assertThat(created.json().at("/data/name").asText()).isEqualTo("Ada Lovelace");
        Receiver.Call in = receiver.next("checkin.created", WAIT);
        JsonNode d = in.json().get("data");
        assertThat(d.get("name").asText()).isEqualTo("Ada Lovelace");
        assertThat(d.get("list").asText()).isEqualTo("main");
        assertThat(d.get("type").asText()).isEqualTo("entry");
        assertThat(d.get("offline").asBoolean()).isFalse();
        assertThat(d.has("checkinId")).isTrue();
        assertThat(in.body()).as("no email unless the endpoint opts in").doesNotContain("ada@example.com");
        assertThat(in.id()).startsWith("msg_");
        assertThat(Long.parseLong(in.timestamp())).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(120L));
        assertThat(v1(in, hook.get("secret").asText())).hasSize(1);
        assertThat(v1a(in)).isTrue();
        assertThat(v1(in, "whsec_" + Base64.getEncoder().encodeToString(new byte[24]))).isEmpty();
    }

    @Test
    void refused_scans_and_emails_are_opt_in() throws Exception {
        register("{\"url\":\"" + receiver.url() + "\",\"events\":[\"checkin.refused\",\"checkin.created\"],\"includeEmail\":true}");
        String code = admitSomeone("Grace Hopper", "grace@example.com");
        assertThat(receiver.next("checkin.created", WAIT).json().at("/data/email").asText()).isEqualTo("grace@example.com");
        server.checkIn(code, TestServer.ADMIN_TOKEN);
        Receiver.Call refused = receiver.next("checkin.refused", WAIT);
        assertThat(refused.json().at("/data/reason").asText()).isEqualTo("already_redeemed");
        assertThat(receiver.calls).extracting(Receiver.Call::type).doesNotContain("ticket.created");
    }

    @Test
    void offline_uploads_say_so_and_a_conflict_is_told_as_one() throws Exception {
        register("{\"url\":\"" + receiver.url() + "\",\"events\":[\"checkin.refused\",\"checkin.created\"]}");
        String code = server.register("Ada Lovelace", "ada@example.com").get("code").asText();
        String at = java.time.Instant.now().minusSeconds(60).toString();
        for (String nonce : List.of("door-a-1", "door-b-1")) {
            TestServer.Response r = server.post("/api/checkins", "{\"code\":\"" + code + "\",\"nonce\":\"" + nonce + "\",\"at\":\"" + at
                    + "\",\"offline\":true}", TestServer.ADMIN_TOKEN);
            assertThat(r.status()).as(r.body()).isIn(200, 201);
        }
        JsonNode in = receiver.next("checkin.created", WAIT).json().get("data");
        assertThat(in.get("offline").asBoolean()).isTrue();
        assertThat(in.get("scannedAt").asText()).isEqualTo(at);
        JsonNode conflict = receiver.next("checkin.refused", WAIT).json().get("data");
        assertThat(conflict.get("conflict").asText()).isEqualTo("already_redeemed");
        assertThat(conflict.get("offline").asBoolean()).isTrue();
    }

    @Test
    void a_failed_delivery_is_retried_with_the_same_webhook_id_and_both_attempts_are_listed() throws Exception {
        JsonNode hook = register("{\"url\":\"" + receiver.url() + "\",\"events\":[\"checkin.created\"]}");
        AtomicInteger calls = new AtomicInteger();
        receiver.answer(() -> calls.incrementAndGet() == 1 ? 503 : 204);
        admitSomeone("Ada Lovelace", "ada@example.com");
        Receiver.Call first = receiver.next("checkin.created", WAIT);
        Receiver.Call second = receiver.next("checkin.created", WAIT);
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.body()).isEqualTo(first.body());
        String id = hook.get("id").asText();
        Eventually.until("both attempts recorded", WAIT, () ->
                server.get("/api/webhooks/" + id + "/deliveries", TestServer.ADMIN_TOKEN).json().get("deliveries").size() == 2);
        JsonNode deliveries = server.get("/api/webhooks/" + id + "/deliveries", TestServer.ADMIN_TOKEN).json().get("deliveries");
        assertThat(deliveries.get(0).get("status").asInt()).isEqualTo(204);
        assertThat(deliveries.get(0).get("attempt").asInt()).isEqualTo(2);
        assertThat(deliveries.get(0).get("state").asText()).isEqualTo("delivered");
        assertThat(deliveries.get(1).get("status").asInt()).isEqualTo(503);
        assertThat(deliveries.get(1).get("error").asText()).isEqualTo("HTTP 503");
    }

    @Test
    void a_410_disables_the_endpoint() throws Exception {
        JsonNode hook = register();
        receiver.answer(() -> 410);
        admitSomeone("Ada Lovelace", "ada@example.com");
        receiver.next("ticket.created", WAIT);
        Eventually.until("the endpoint disabled", WAIT, () ->
                !server.get("/api/webhooks", TestServer.ADMIN_TOKEN).json().at("/webhooks/0/enabled").asBoolean());
        // Both deliveries may have gone out at once; let every 410 be recorded before staff switch it on
        // again (a 410 settled after that would disable it anew).
        String hookId = hook.get("id").asText();
        Eventually.until("the answered deliveries recorded", WAIT, () -> {
            int answered = receiver.total();
            return server.get("/api/webhooks/" + hookId + "/deliveries", TestServer.ADMIN_TOKEN).json().get("deliveries").size() >= answered;
        });
        JsonNode listed = server.get("/api/webhooks", TestServer.ADMIN_TOKEN).json().at("/webhooks/0");
        assertThat(listed.get("disabledReason").asText()).contains("410");
        // Staff can switch it back on; the deliveries that waited go then. (The check-in's own event may
        // never have been queued: a disabled endpoint gets no new events, and the 410 can come first.)
        receiver.answer(() -> 204);
        receiver.forget();
        assertThat(server.admin("POST", "/api/webhooks/" + hook.get("id").asText() + "/enable", null).json().get("enabled").asBoolean()).isTrue();
        receiver.next("ticket.created", WAIT);
    }

    @Test
    void after_a_rotation_both_secrets_sign_for_a_day() throws Exception {
        JsonNode hook = register("{\"url\":\"" + receiver.url() + "\",\"events\":[\"checkin.created\"]}");
        String old = hook.get("secret").asText();
        TestServer.Response rotated = server.admin("POST", "/api/webhooks/" + hook.get("id").asText() + "/rotate", null);
        String fresh = rotated.json().get("secret").asText();
        assertThat(fresh).startsWith("whsec_").isNotEqualTo(old);
        admitSomeone("Ada Lovelace", "ada@example.com");
        Receiver.Call call = receiver.next("checkin.created", WAIT);
        assertThat(v1(call, old)).hasSize(1);
        assertThat(v1(call, fresh)).hasSize(1);
        assertThat(call.signature().split(" ")).hasSize(3);
    }

    @Test
    void a_delivery_waits_through_a_dead_receiver_and_a_restart() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        register("{\"url\":\"http://127.0.0.1:" + port + "/hook\",\"events\":[\"checkin.created\"]}");
        admitSomeone("Ada Lovelace", "ada@example.com");
        server.close();
        try (Receiver late = new Receiver(port)) {
            server = TestServer.start(new Config("127.0.0.1", 0, data, null, TestServer.ADMIN_TOKEN));
            Receiver.Call call = late.next("checkin.created", Duration.ofSeconds(60));
            assertThat(call.json().at("/data/name").asText()).isEqualTo("Ada Lovelace");
        }
    }

    @Test
    void a_rolled_back_walk_in_raises_nothing() throws Exception {
        register();
        server.register("Ada Lovelace", "ada@example.com");
        receiver.next("ticket.created", WAIT);
        assertError(server.admin("POST", "/api/walkins", "{\"name\":\"Ada\",\"email\":\"ada@example.com\"}"), 409, "email_taken");
        TestServer.Response test = server.admin("POST", "/api/webhooks/" + server.get("/api/webhooks", TestServer.ADMIN_TOKEN)
                .json().at("/webhooks/0/id").asText() + "/test", null);
        assertThat(test.status()).isEqualTo(202);
        // The test event is queued after the refused walk-in: had the walk-in raised anything, it would come first.
        Receiver.Call next = receiver.calls.poll(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        assertThat(next).isNotNull();
        assertThat(next.type()).isEqualTo("webhook.test");
    }

    @Test
    void bad_endpoints_are_refused_with_a_reason() {
        for (String url : List.of("ftp://example.com/x", "http://user:pass@example.com/hook", "https://", "not a url",
                "https://example.com/" + "x".repeat(2001))) {
            assertError(server.admin("POST", "/api/webhooks", "{\"url\":\"" + url + "\"}"), 400, "invalid_url");
        }
        assertError(server.admin("POST", "/api/webhooks", "{\"url\":\"http://192.168.1.20/light\",\"events\":[\"door.opened\"]}"), 400, "invalid_events");
        assertThat(server.admin("POST", "/api/webhooks", "{\"url\":\"http://192.168.1.20/light\"}").status()).as("a LAN light is fine").isEqualTo(201);
        assertError(server.admin("POST", "/api/webhooks/wh_nope/test", null), 404, "unknown_webhook");
        String id = server.get("/api/webhooks", TestServer.ADMIN_TOKEN).json().at("/webhooks/0/id").asText();
        assertThat(server.admin("DELETE", "/api/webhooks/" + id, null).status()).isEqualTo(204);
        assertError(server.admin("DELETE", "/api/webhooks/" + id, null), 404, "unknown_webhook");
    }
}
