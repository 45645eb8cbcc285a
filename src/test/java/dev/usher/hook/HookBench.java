package dev.usher.hook;

import dev.usher.Eventually;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhooks off the door's path (bench/webhooks/run.sh): N check-ins over HTTP from 4 threads,
 * first with no webhook, then with one whose receiver takes 5 s per call; check-in latency of both
 * runs side by side, and how long until every check-in reached the receiver. Prints its figures;
 * no threshold. {@code -Dbench.checkins=1000 -Dbench.receiverMs=5000}.
 */
class HookBench {
    private static final int THREADS = 4;

    @TempDir
    Path dir;

    @Test
    void check_ins_with_a_slow_receiver() throws Exception {
        int n = Integer.getInteger("bench.checkins", 1000);
        long receiverMs = Long.getLong("bench.receiverMs", 5000);
        try (TestServer server = TestServer.start(dir); Receiver receiver = new Receiver()) {
            receiver.delay(receiverMs);
            StringBuilder csv = new StringBuilder("name,email\n");
            for (int i = 0; i < 2 * n; i++) {
                csv.append("Guest ").append(i).append(",guest").append(i).append("@example.com\n");
            }
            assertThat(server.postBytes("/api/tickets/import", csv.toString().getBytes(), "text/csv", TestServer.ADMIN_TOKEN).status()).isEqualTo(200);
            List<String> codes = new ArrayList<>();
            String cursor = null;
            do {
                var page = server.get("/api/tickets?limit=500" + (cursor == null ? "" : "&cursor=" + cursor), TestServer.ADMIN_TOKEN).json();
                page.get("tickets").forEach(t -> codes.add(t.get("id").asText()));
                cursor = page.get("next").isNull() ? null : page.get("next").asText();
            } while (cursor != null);
            List<String> before = codes.subList(0, n);
            List<String> after = codes.subList(n, 2 * n);

            List<Long> quiet = admit(server, before);
            server.admin("POST", "/api/webhooks", "{\"url\":\"" + receiver.url() + "\",\"events\":[\"checkin.created\"]}");
            long t0 = System.nanoTime();
            List<Long> hooked = admit(server, after);
            Set<String> ids = Collections.synchronizedSet(new HashSet<>());
            Eventually.until(n + " webhooks received", Duration.ofMinutes(30), () -> {
                receiver.calls.forEach(c -> ids.add(c.id()));
                return ids.size() >= n;
            });
            double allThere = (System.nanoTime() - t0) / 1e9;
            String hook = server.get("/api/webhooks", TestServer.ADMIN_TOKEN).json().at("/webhooks/0/id").asText();
            java.util.Map<String, Integer> errors = new java.util.TreeMap<>();
            server.get("/api/webhooks/" + hook + "/deliveries", TestServer.ADMIN_TOKEN).json().get("deliveries")
                    .forEach(d -> errors.merge(d.has("error") ? d.get("error").asText() : "ok", 1, Integer::sum));
            System.out.printf(Locale.ROOT, """
                    webhooks off the door's path: %d check-ins over HTTP from %d threads (admin token, by ticket id)
                      no webhook:                            p50 %.1f ms, p99 %.1f ms
                      a webhook whose receiver takes %d ms:  p50 %.1f ms, p99 %.1f ms
                      every check-in at the receiver after %.1f s (%d distinct webhook-ids, %d calls; at most %d in flight per endpoint)
                      the latest 100 attempts: %s
                    %n""", n, THREADS, pct(quiet, 50), pct(quiet, 99), receiverMs, pct(hooked, 50), pct(hooked, 99),
                    allThere, ids.size(), receiver.calls.size(), HookSender.IN_FLIGHT_PER_ENDPOINT, errors);
        }
    }

    private static List<Long> admit(TestServer server, List<String> ticketIds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Long>> times = new ArrayList<>();
            for (String id : ticketIds) {
                times.add(pool.submit(() -> {
                    long t = System.nanoTime();
                    TestServer.Response r = server.post("/api/checkins", "{\"ticketId\":\"" + id + "\"}", TestServer.ADMIN_TOKEN);
                    long took = System.nanoTime() - t;
                    assertThat(r.status()).as(r.body()).isEqualTo(201);
                    return took;
                }));
            }
            List<Long> out = new ArrayList<>();
            for (Future<Long> f : times) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }

    private static double pct(List<Long> nanos, int p) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1e6;
    }
}
