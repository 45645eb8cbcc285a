package dev.usher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Starts Usher the way an organizer does, as its own process, and reads what it prints. */
class MainTest {
    @TempDir
    Path data;

    private record Started(Process process, List<String> output, int port) {
    }

    private Started launch(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.usher.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("USHER_ADMIN_TOKEN");
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        Pattern dashboard = Pattern.compile("dashboard\\s+http://localhost:(\\d+)/dashboard/");
        String line;
        while ((line = out.readLine()) != null) {
            lines.add(line);
            Matcher m = dashboard.matcher(line);
            if (m.find()) {
                // Read the rest of the banner (admin token, data) before handing over.
                lines.add(out.readLine());
                lines.add(out.readLine());
                return new Started(p, lines, Integer.parseInt(m.group(1)));
            }
        }
        throw new AssertionError("Usher exited without printing its URLs:\n" + String.join("\n", lines));
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    @Test
    void first_start_prints_the_urls_and_the_new_admin_token_and_later_starts_only_where_it_is() throws Exception {
        Started first = launch("--port", "0", "--data", data.toString());
        try {
            String out = String.join("\n", first.output());
            assertThat(out).contains("Serverless: an inside look")
                    .contains("registration  http://localhost:" + first.port() + "/")
                    .contains("kiosk         http://localhost:" + first.port() + "/kiosk/")
                    .contains("admin token   in " + data.resolve("admin-token").toAbsolutePath());
            String token = Files.readString(data.resolve("admin-token")).strip();
            assertThat(out).contains(token);

            HttpResponse<String> stats = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + first.port() + "/api/stats"))
                            .header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(stats.statusCode()).isEqualTo(200);
        } finally {
            stop(first.process());
        }

        Started second = launch("--port", "0", "--data", data.toString());
        try {
            String token = Files.readString(data.resolve("admin-token")).strip();
            assertThat(String.join("\n", second.output())).doesNotContain(token).contains("admin token   in");
        } finally {
            stop(second.process());
        }
    }

    @Test
    void a_corrupt_database_file_stops_start_up_with_a_clear_message() throws Exception {
        Files.createDirectories(data);
        Files.writeString(data.resolve("usher.db"), "this is not a database, it is a shopping list");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.usher.Main", "--port", "0", "--data", data.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isEqualTo(1);
        assertThat(out).contains("Usher could not start").contains("usher.db");
    }

    @Test
    void a_bad_flag_or_event_file_stops_with_a_clear_message() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.usher.Main", "--event", data.resolve("missing.json").toString(),
                "--data", data.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isEqualTo(1);
        assertThat(out).contains("Usher could not start").contains("missing.json");

        Process q = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.usher.Main", "--port", "seventy")
                .redirectErrorStream(true).start();
        String qout = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(q.waitFor()).isEqualTo(2);
        assertThat(qout).contains("--port takes a number");
    }
}
