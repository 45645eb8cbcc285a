package dev.usher.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A guest-list import killed half-way keeps whole tickets only (each with its code, findable), and
 * running the same list again adds exactly the rest: no ticket lost, none doubled.
 */
class ImportKillTest {
    private static final int GUESTS = 40_000;

    @TempDir
    Path dir;

    private static long cpuMillis(UsherProcess usher) {
        return usher.process().info().totalCpuDuration().orElse(Duration.ZERO).toMillis();
    }

    @Test
    void an_import_killed_half_way_keeps_whole_tickets_and_a_rerun_adds_exactly_the_rest() throws Exception {
        Path data = dir.resolve("data");
        UsherProcess usher = UsherProcess.launch(data, dir.resolve("first.log"));
        StringBuilder csv = new StringBuilder("name,email\n");
        for (int i = 0; i < GUESTS; i++) {
            csv.append("Guest ").append(i).append(",guest").append(i).append("@example.com\n");
        }
        byte[] body = csv.toString().getBytes(StandardCharsets.UTF_8);
        HttpRequest upload = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + usher.port() + "/api/tickets/import"))
                .timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer crash-test-admin-token-0123456789")
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        long cpuBefore = cpuMillis(usher);
        CompletableFuture<HttpResponse<String>> answer = usher.http().sendAsync(upload, HttpResponse.BodyHandlers.ofString());
        // Kill it while the import runs: once it has spent about a core-second (signing 40,000
        // tickets takes several), not by the clock, so a slow machine kills at the same point.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!answer.isDone() && cpuMillis(usher) - cpuBefore < 1_000 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        boolean finishedFirst = answer.isDone();
        usher.process().destroyForcibly().waitFor();

        UsherProcess again = UsherProcess.launch(data, dir.resolve("second.log"));
        try {
            int registered = again.getJson("/api/stats").get("registered").asInt();
            assertThat(registered).as("tickets after the kill (import had %s)", finishedFirst ? "finished" : "not finished")
                    .isBetween(0, GUESTS);
            // Whole tickets: every one kept has its code and can be found by name.
            if (registered > 0) {
                JsonNode found = again.getJson("/api/tickets/search?q=" + URLEncoder.encode("Guest 0", StandardCharsets.UTF_8));
                assertThat(found.toString()).contains("guest0@example.com");
            }
            HttpResponse<String> rerun = again.http().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + again.port() + "/api/tickets/import"))
                    .timeout(Duration.ofMinutes(2))
                    .header("Authorization", "Bearer crash-test-admin-token-0123456789")
                    .header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(rerun.statusCode()).as(rerun.body()).isEqualTo(200);
            JsonNode report = new ObjectMapper().readTree(rerun.body());
            assertThat(report.get("created").asInt()).as(rerun.body()).isEqualTo(GUESTS - registered);
            assertThat(report.get("skippedCount").asInt()).isEqualTo(registered);
            assertThat(again.getJson("/api/stats").get("registered").asInt()).isEqualTo(GUESTS);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(Database.FILE)); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM tickets), (SELECT count(DISTINCT ticket_id) FROM ticket_codes)")) {
                rs.next();
                assertThat(rs.getInt(1)).as("tickets").isEqualTo(GUESTS);
                assertThat(rs.getInt(2)).as("tickets with a code").isEqualTo(GUESTS);
            }
        } finally {
            again.process().destroyForcibly().waitFor();
        }
    }
}
