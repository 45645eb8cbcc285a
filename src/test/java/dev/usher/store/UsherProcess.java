package dev.usher.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Usher as its own process, started the way an organizer starts it ({@code java -cp ... dev.usher.Main
 * --port 0 --data DIR} with {@code USHER_ADMIN_TOKEN} set; the port is read from the start-up banner),
 * with a client for it that sends the admin token.
 */
record UsherProcess(Process process, int port, Path log, HttpClient http) {
    static final String ADMIN_TOKEN = "crash-test-admin-token-0123456789";
    private static final Pattern BANNER = Pattern.compile("dashboard\\s+http://localhost:(\\d+)/dashboard/");

    static UsherProcess launch(Path data, Path log) throws Exception {
        return launch(data, log, List.of());
    }

    /** @param more further options, e.g. {@code --db postgresql://…} */
    static UsherProcess launch(Path data, Path log, List<String> more) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.usher.Main",
                "--port", "0", "--host", "127.0.0.1", "--data", data.toString()));
        command.addAll(more);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("USHER_ADMIN_TOKEN", ADMIN_TOKEN);
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            Matcher m = BANNER.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (m.find()) {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                return new UsherProcess(p, Integer.parseInt(m.group(1)), log, http);
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new AssertionError("Usher did not start on " + data + " without help; its output ends with:\n" + tail(log));
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new ObjectMapper().readTree(r.body());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + ADMIN_TOKEN);
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
