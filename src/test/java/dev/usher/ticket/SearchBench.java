package dev.usher.ticket;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Search and list latency at the attendee desk (bench/search/run.sh): N guests imported through
 * {@code POST /api/tickets/import}, then a few hundred look-ups as staff type them (a first name's
 * first letters, "first last-prefix", a last name, with and without accents) and pages of 100 of
 * the whole list, each timed over HTTP on one connection. Not a test of a threshold: it prints its
 * figures. Run with {@code -Dbench.tickets=100000 -Dbench.queries=400}.
 */
class SearchBench {
    private static final String[] FIRST = {"Renée", "François", "Zoë", "Anna", "Ada", "José", "Jürgen", "Søren", "Łukasz",
            "Mia", "Noah", "Emma", "Liam", "Olivia", "Lucas", "Sofia", "Mateo", "Chloé", "Hugo", "Léa", "Björn", "Ines",
            "Maximilian", "Aïcha", "Mohammed", "Priya", "Wei", "Yuki", "Kwame", "Ngozi", "Astrid", "Ørjan", "Æsa", "Timo",
            "Grace", "Alan", "Marie", "Pierre", "Giulia", "Marco", "Elif", "Mehmet", "Olga", "Ivan", "Siobhán", "Seán"};
    private static final String[] LAST = {"Dubois", "Martin", "Weiß", "Müller", "Schmidt", "García", "López", "Nowak",
            "Kowalski", "Andersen", "Østergaard", "Lovelace", "Hopper", "Turing", "Rossi", "Bianchi", "Yılmaz", "Kaya",
            "Petrov", "Ivanova", "O'Brien", "Murphy", "Nakamura", "Tanaka", "Chen", "Wang", "Okafor", "Mensah", "Singh",
            "Patel", "Lefèvre", "Dupont", "Bernard", "Fischer", "Weber", "Wagner", "Becker", "Hoffmann", "Schäfer", "Koch"};

    @TempDir
    Path dir;

    @Test
    void search_and_page_latency() {
        int n = Integer.getInteger("bench.tickets", 100_000);
        int queries = Integer.getInteger("bench.queries", 400);
        Random random = new Random(12);
        try (TestServer server = TestServer.start(dir)) {
            List<String[]> people = new ArrayList<>(n);
            // In imports of 5,000: signing dominates an import (about 3,000 tickets/s on two idle
            // cores, far less when they are busy), and a large one outlasts the test client's 30 s timeout.
            int chunk = 5_000;
            double importSeconds = 0;
            for (int from = 0; from < n; from += chunk) {
                StringBuilder csv = new StringBuilder("name,email,company\n");
                for (int i = from; i < Math.min(n, from + chunk); i++) {
                    String first = FIRST[random.nextInt(FIRST.length)];
                    String last = LAST[random.nextInt(LAST.length)]
                            + (random.nextInt(4) == 0 ? "-" + LAST[random.nextInt(LAST.length)] : "");
                    people.add(new String[]{first, last});
                    csv.append('"').append(first).append(' ').append(last).append("\",")
                            .append(Fold.text(first).replace(' ', '.')).append('.').append(i).append("@example")
                            .append(i % 7).append(".com,Company ").append(i % 500).append('\n');
                }
                long t0 = System.nanoTime();
                TestServer.Response imported = server.postBytes("/api/tickets/import", csv.toString().getBytes(StandardCharsets.UTF_8),
                        "text/csv", TestServer.ADMIN_TOKEN);
                importSeconds += (System.nanoTime() - t0) / 1e9;
                assertThat(imported.status()).as(imported.body()).isEqualTo(200);
            }
            assertThat(people).hasSize(n);

            List<String> typed = new ArrayList<>();
            for (int i = 0; i < queries; i++) {
                String[] p = people.get(random.nextInt(n));
                String first = random.nextBoolean() ? p[0] : Fold.text(p[0]);
                String last = p[1];
                typed.add(switch (i % 4) {
                    case 0 -> first.substring(0, Math.min(first.length(), 3 + random.nextInt(3)));
                    case 1 -> first + " " + last.substring(0, Math.min(last.length(), 1 + random.nextInt(4)));
                    case 2 -> last.substring(0, Math.min(last.length(), 4 + random.nextInt(3))).toLowerCase(Locale.ROOT);
                    default -> Fold.text(last).split(" ")[0] + " " + first.substring(0, Math.min(first.length(), 2));
                });
            }
            // Warm-up: the JIT and SQLite's page cache, not counted.
            for (int i = 0; i < 200; i++) {
                server.get("/api/tickets?q=" + URLEncoder.encode(typed.get(i % typed.size()), StandardCharsets.UTF_8), TestServer.ADMIN_TOKEN);
            }
            long[] searchMicros = new long[queries];
            int found = 0;
            for (int i = 0; i < queries; i++) {
                String url = "/api/tickets?q=" + URLEncoder.encode(typed.get(i), StandardCharsets.UTF_8);
                long s = System.nanoTime();
                TestServer.Response r = server.get(url, TestServer.ADMIN_TOKEN);
                searchMicros[i] = (System.nanoTime() - s) / 1000;
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                found += r.json().get("tickets").isEmpty() ? 0 : 1;
            }

            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "search-bench: %,d tickets imported in %.1f s%n", n, importSeconds));
            out.append(String.format(Locale.ROOT, "  search (GET /api/tickets?q=, over HTTP): n=%d, %s; %d with a match%n",
                    queries, summary(searchMicros), found));
            for (String sort : List.of("name", "registered", "arrived")) {
                out.append(String.format(Locale.ROOT, "  page of 100, sort=%s: %s%n", sort, pages(server, sort, 30)));
            }
            out.append(String.format(Locale.ROOT, "  page of 100, sort=name&status=absent: %s%n", pages(server, "name&status=absent", 30)));
            System.out.println(out);
        }
    }

    /** The first page, then {@code count} further pages, each timed; the first few are warm-up. */
    private static String pages(TestServer server, String sort, int count) {
        String cursor = null;
        long[] micros = new long[count];
        for (int i = -5; i < count; i++) {
            String url = "/api/tickets?limit=100&sort=" + sort + (cursor == null ? "" : "&cursor=" + cursor);
            long s = System.nanoTime();
            TestServer.Response r = server.get(url, TestServer.ADMIN_TOKEN);
            long took = (System.nanoTime() - s) / 1000;
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode next = r.json().get("next");
            cursor = next.isNull() ? null : URLEncoder.encode(next.asText(), StandardCharsets.UTF_8);
            if (i >= 0) {
                micros[i] = took;
            }
        }
        return summary(micros);
    }

    private static String summary(long[] micros) {
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, max %.1f ms", rank(sorted, 0.50) / 1000.0,
                rank(sorted, 0.99) / 1000.0, sorted[sorted.length - 1] / 1000.0);
    }

    /** Nearest rank. */
    private static long rank(long[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
