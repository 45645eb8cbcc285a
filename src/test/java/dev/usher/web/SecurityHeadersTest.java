package dev.usher.web;

import dev.usher.ServerTest;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityHeadersTest extends ServerTest {

    private List<TestServer.Response> aFewOfEverything() {
        String code = server.register("Ada", "ada@example.com").get("code").asText();
        return List.of(
                server.get("/"),
                server.get("/api/event"),
                server.get("/api/stats"),                        // 401
                server.get("/api/no-such-thing"),                // 404
                server.post("/api/registrations", "{oops"),      // 400
                server.get("/t/" + code),
                server.get("/t/" + code + "/qr.png"),
                server.get("/css/usher.css"),
                server.get("/kiosk/"));
    }

    @Test
    void every_answer_forbids_sniffing_framing_and_referrers() {
        for (TestServer.Response r : aFewOfEverything()) {
            assertThat(r.header("X-Content-Type-Options")).as(r.raw().uri().toString()).isEqualTo("nosniff");
            assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(r.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
            assertThat(r.header("Permissions-Policy")).isNotBlank();
        }
    }

    @Test
    void the_content_security_policy_allows_no_inline_script_and_no_other_origin() {
        for (TestServer.Response r : aFewOfEverything()) {
            String csp = r.header("Content-Security-Policy");
            assertThat(csp).contains("default-src 'self'").contains("script-src 'self'")
                    .doesNotContain("unsafe-inline").doesNotContain("'unsafe-eval'").doesNotContain("http");
        }
    }

    @Test
    void only_the_kiosk_may_compile_webassembly_and_use_the_camera() {
        TestServer.Response kiosk = server.get("/kiosk/");
        assertThat(kiosk.header("Content-Security-Policy")).contains("'wasm-unsafe-eval'");
        assertThat(kiosk.header("Permissions-Policy")).contains("camera=(self)");
        assertThat(server.get("/kiosk/kiosk.js").header("Content-Security-Policy")).contains("'wasm-unsafe-eval'");

        for (String page : List.of("/", "/api/event")) {
            TestServer.Response r = server.get(page);
            assertThat(r.header("Content-Security-Policy")).doesNotContain("wasm-unsafe-eval");
            assertThat(r.header("Permissions-Policy")).contains("camera=()");
        }
    }

    @Test
    void plain_http_answers_carry_no_strict_transport_security() {
        assertThat(server.get("/").header("Strict-Transport-Security")).isNull();
    }
}
