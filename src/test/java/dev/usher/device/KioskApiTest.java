package dev.usher.device;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.ServerTest;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class KioskApiTest extends ServerTest {

    @Test
    void a_new_kiosk_comes_with_a_pairing_link_that_carries_its_token_in_the_fragment() {
        JsonNode k = server.createKiosk("Door A");
        String token = k.get("token").asText();
        assertThat(k.get("pairingUrl").asText()).isEqualTo("/kiosk/#pair=" + token);
        // Staff on the laptop use 127.0.0.1, which a tablet cannot reach: the link names this machine's LAN address.
        String lan = dev.usher.web.Tls.localNames().stream().filter(n -> !n.equals("localhost") && !n.startsWith("127.")).findFirst().orElse("127.0.0.1");
        assertThat(k.get("pairingLink").asText()).isEqualTo("http://" + lan + ":" + server.port() + "/kiosk/#pair=" + token);
        String qr = k.get("pairingQr").asText();
        assertThat(qr).startsWith("data:image/svg+xml;base64,");
        String svg = new String(Base64.getDecoder().decode(qr.substring(qr.indexOf(',') + 1)), StandardCharsets.UTF_8);
        assertThat(svg).startsWith("<svg").contains("<path");
    }

    @Test
    void a_paired_kiosk_learns_its_own_name() {
        JsonNode k = server.createKiosk("Door A");
        JsonNode me = server.get("/api/me", k.get("token").asText()).json();
        assertThat(me.get("name").asText()).isEqualTo("Door A");
        assertThat(me.get("id").asText()).isEqualTo(k.get("id").asText());
        assertThat(me.get("role").asText()).isEqualTo("kiosk");
        assertThat(server.get("/api/me", TestServer.ADMIN_TOKEN).json().get("role").asText()).isEqualTo("admin");
    }

    @Test
    void kiosk_names_are_checked() {
        assertThat(server.post("/api/kiosks", "{\"name\":\"" + "d".repeat(61) + "\"}", TestServer.ADMIN_TOKEN).status()).isEqualTo(400);
        assertThat(server.post("/api/kiosks", "{\"name\":\"Door\\nA\"}", TestServer.ADMIN_TOKEN).status()).isEqualTo(400);
    }
}
