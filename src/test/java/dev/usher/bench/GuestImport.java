package dev.usher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static dev.usher.bench.PerfRun.require;
import static dev.usher.bench.Table.mb;

/**
 * The import row: one {@code POST /api/tickets/import} of a generated guest list of {@code guests}
 * lines (an email unique to {@code runId} on each), its time and the server's peak RSS.
 */
record GuestImport(int guests, String runId, String token, Http http, RunLog log) {
    record Result(double seconds, long restRssKb, long peakRssKb, long afterRssKb) {
    }

    /** Writes the CSV ({@code name,email,company}) into {@code work} and imports it; {@code what} names it in the log. */
    Result run(ServerProcess server, Path work, String what) throws IOException, InterruptedException {
        Path csv = work.resolve("guests-" + runId + ".csv");
        try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("name,email,company\n");
            for (int i = 1; i <= guests; i++) {
                w.write("Guest " + i + ",guest-" + runId + "-" + i + "@example.com,Company " + (i % 97) + "\n");
            }
        }
        byte[] body = Files.readAllBytes(csv);
        long rest = server.rssKb();
        AtomicLong peak = new AtomicLong(rest);
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                peak.accumulateAndGet(server.rssKb(), Math::max);
                ServerProcess.sleep(20);
            }
        }, "rss-sampler");
        sampler.start();
        long t0 = System.nanoTime();
        Http.Answer a;
        try {
            a = http.post(server.baseUrl() + "/api/tickets/import", body, "text/csv", token, Duration.ofMinutes(10));
        } finally {
            sampling.set(false);
            sampler.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        require(a.status() == 200, "the import answered " + a.status() + ": " + a.body());
        JsonNode report = new ObjectMapper().readTree(a.body());
        require(report.path("created").asInt() == guests, "the import created " + report.path("created") + " of " + guests + ": " + a.body());
        long after = server.rssKb();
        log.line("%s: %,d lines (%.1f MB) in %.2f s = %,.0f tickets/s; RSS %s before, peak %s (sampled every 20 ms), %s after",
                what, guests, body.length / 1e6, seconds, guests / seconds, mb(rest), mb(peak.get()), mb(after));
        return new Result(seconds, rest, Math.max(peak.get(), after), after);
    }
}
