package dev.usher.hook;

import dev.usher.Eventually;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/examples/WallMap.java, run as a reader would run it, checks Usher's signatures and lights a pin per arrival. */
class WallMapExampleTest {
    @TempDir
    Path data;

    private static String get(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void the_example_receiver_verifies_both_signatures_and_lights_a_pin() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        HttpClient http = HttpClient.newHttpClient();
        try (TestServer server = TestServer.start(data)) {
            String secret = server.admin("POST", "/api/webhooks", "{\"url\":\"http://127.0.0.1:" + port + "/hook\",\"events\":[\"checkin.created\"]}")
                    .json().get("secret").asText();
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "docs/examples/WallMap.java", Integer.toString(port), secret, server.baseUrl()).redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                String line = out.readLine();
                assertThat(line).as("the example started").startsWith("wall map on");

                HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hook"))
                        .header("webhook-id", "msg_x").header("webhook-timestamp", Long.toString(System.currentTimeMillis() / 1000))
                        .header("webhook-signature", "v1,AAAA v1a,AAAA")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"checkin.created\"}")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(forged.statusCode()).isEqualTo(401);

                String code = server.register("Ada Lovelace", "ada@example.com").get("code").asText();
                assertThat(server.post("/api/checkins", "{\"code\":\"" + code + "\",\"list\":\"how-workers-work\"}", TestServer.ADMIN_TOKEN).status())
                        .isEqualTo(201);
                URI map = URI.create("http://127.0.0.1:" + port + "/");
                Eventually.until("a pin on the map", Duration.ofSeconds(60), () -> get(http, map).contains("class='pin'"));
                assertThat(get(http, map)).contains("class='pin'", "Ada Lovelace", "how-workers-work (1)");
            } finally {
                p.destroyForcibly();
            }
        }
    }
}
