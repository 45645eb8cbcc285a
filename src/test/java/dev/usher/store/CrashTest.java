package dev.usher.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills Usher with SIGKILL in the middle of a check-in rush, restarts it on the same data folder and
 * checks through its own API that every check-in it acknowledged is there, exactly once.
 *
 * <p>Each round issues new tickets, then many threads scan them with the admin token (exempt from the
 * kiosk rate limits), every ticket by several threads at the same moment. At a random point of the
 * rush the server process is killed. Tickets that were never answered 201 may or may not be checked
 * in (the commit can land before the answer is lost): they are counted, not judged. CI runs 3 rounds;
 * {@code bench/crash/run.sh 20} (or {@code -Dcrash.rounds=20}) runs the long form.
 */
class CrashTest {
    private static final int ROUNDS = Integer.getInteger("crash.rounds", 3);
    private static final int TICKETS_PER_ROUND = Integer.getInteger("crash.tickets", 200);
    private static final int SCANS_PER_TICKET = 4;
    private static final int THREADS = 24;
    /** 128 + the signal number is how Java reports a process ended by a signal. */
    private static final int KILLED_BY_SIGKILL = 128 + 9;

    private final ObjectMapper json = new ObjectMapper();
    private final long seed = Long.getLong("crash.seed", System.nanoTime());
    private final Random random = new Random(seed);

    @TempDir
    Path work;
    private UsherProcess server;

    @AfterEach
    void stopLeftoverServer() {
        if (server != null && server.process().isAlive()) {
            server.process().destroyForcibly();
        }
    }

    @Test
    void every_acknowledged_check_in_survives_a_kill_dash_nine_exactly_once() throws Exception {
        Path data = work.resolve("data");
        System.out.printf("crash test: %d rounds of %d tickets x %d concurrent scans, %d threads, seed %d%n",
                ROUNDS, TICKETS_PER_ROUND, SCANS_PER_TICKET, THREADS, seed);
        server = UsherProcess.launch(data, work.resolve("server-0.log"));
        Map<String, Long> acknowledgedEver = new HashMap<>();
        Tally total = new Tally();

        for (int round = 1; round <= ROUNDS; round++) {
            long issueStarted = System.nanoTime();
            List<Ticket> tickets = issueTickets(round);
            long rushStarted = System.nanoTime();
            Rush rush = rush(tickets);
            long rushMillis = (System.nanoTime() - rushStarted) / 1_000_000;
            long issueMillis = (rushStarted - issueStarted) / 1_000_000;
            Path crashImage = copyDatabase(data, work.resolve("crash-image-" + round));
            assertThat(integrityCheck(crashImage.resolve("usher.db"))).as("integrity of the files as the kill left them").isEqualTo("ok");

            long restartStarted = System.nanoTime();
            server = UsherProcess.launch(data, work.resolve("server-" + round + ".log"));
            long restartMillis = (System.nanoTime() - restartStarted) / 1_000_000;
            Map<String, List<Long>> standing = standingMainEntries();

            Tally t = judge(tickets, rush, standing, acknowledgedEver);
            total.add(t);
            System.out.printf("round %d: killed after %d of %d scans answered (exit %d); acknowledged %d, found %d, lost %d, "
                            + "doubled %d, committed-but-unacknowledged %d; refused %d, no answer %d; issue %d ms, rush %d ms, restart %d ms%n",
                    round, rush.answeredBeforeKill(), tickets.size() * SCANS_PER_TICKET, rush.exitCode(), t.acknowledged, t.found,
                    t.lost, t.doubled, t.committedUnacknowledged, t.refused, t.unanswered, issueMillis, rushMillis, restartMillis);

            assertThat(rush.exitCode()).as("the server was killed by SIGKILL").isEqualTo(KILLED_BY_SIGKILL);
            assertThat(rush.otherAnswers()).as("answers other than 201 and 200 already_redeemed before the kill").isEmpty();
            assertThat(t.problems).as("round %d (seed %d)", round, seed).isEmpty();
            // Everything acknowledged in earlier rounds is still there, once, after this crash too.
            for (Map.Entry<String, Long> e : acknowledgedEver.entrySet()) {
                assertThat(standing.get(e.getKey())).as("ticket %s, acknowledged in an earlier round", e.getKey())
                        .containsExactly(e.getValue());
            }
            int checkedIn = (int) standing.values().stream().filter(ids -> !ids.isEmpty()).count();
            assertThat(server.getJson("/api/stats").get("checkedIn").asInt()).as("stats agree with the export").isEqualTo(checkedIn);
        }

        System.out.printf("total over %d rounds: acknowledged %d, found %d, lost %d, doubled %d, committed-but-unacknowledged %d; "
                        + "refused %d, no answer %d%n",
                ROUNDS, total.acknowledged, total.found, total.lost, total.doubled, total.committedUnacknowledged, total.refused,
                total.unanswered);
        assertThat(total.lost).isZero();
        assertThat(total.doubled).isZero();

        server.process().destroy();
        assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).as("a plain stop ends the server").isTrue();
        assertThat(integrityCheck(data.resolve("usher.db"))).isEqualTo("ok");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("usher.db"));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT count(*) FROM (SELECT 1 FROM checkins WHERE annulled_at IS NULL AND type = 'entry'
                                           GROUP BY ticket_id, list_id, round HAVING count(*) > 1)
                     """)) {
            assertThat(rs.getInt(1)).as("tickets with two standing entries in one round").isZero();
        }
    }

    private record Ticket(String id, String code) {
    }

    private List<Ticket> issueTickets(int round) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Ticket>> futures = new ArrayList<>();
            for (int i = 0; i < TICKETS_PER_ROUND; i++) {
                String body = json.createObjectNode().put("name", "Guest " + round + "-" + i)
                        .put("email", "guest-" + round + "-" + i + "@crash.example").toString();
                futures.add(pool.submit(() -> {
                    HttpResponse<String> r = server.post("/api/tickets", body);
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                    JsonNode t = json.readTree(r.body()).get("ticket");
                    return new Ticket(t.get("id").asText(), t.get("code").asText());
                }));
            }
            List<Ticket> tickets = new ArrayList<>();
            for (Future<Ticket> f : futures) {
                tickets.add(f.get(60, TimeUnit.SECONDS));
            }
            return tickets;
        } finally {
            pool.shutdownNow();
        }
    }

    /** What the scanners were told, per ticket. */
    private record Rush(Map<String, List<Long>> admitted, Set<String> refused, Set<String> unanswered,
                        List<String> otherAnswers, int answeredBeforeKill, int exitCode) {
    }

    /**
     * Scans every ticket {@link #SCANS_PER_TICKET} times from {@link #THREADS} threads (the copies of one
     * ticket sit next to each other in the queue, so different threads send them at the same moment) and
     * kills the server once a random 10-80 % of the scans were answered.
     */
    private Rush rush(List<Ticket> tickets) throws Exception {
        List<Ticket> order = new ArrayList<>(tickets);
        Collections.shuffle(order, random);
        ConcurrentLinkedQueue<Ticket> queue = new ConcurrentLinkedQueue<>();
        order.forEach(t -> {
            for (int i = 0; i < SCANS_PER_TICKET; i++) {
                queue.add(t);
            }
        });
        int scans = queue.size();
        int killAfter = (int) (scans * (0.1 + 0.7 * random.nextDouble()));

        Map<String, List<Long>> admitted = new ConcurrentHashMap<>();
        Set<String> refused = ConcurrentHashMap.newKeySet();
        Set<String> unanswered = ConcurrentHashMap.newKeySet();
        List<String> other = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger answered = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            workers.add(pool.submit(() -> {
                Ticket t;
                while (!killed.get() && (t = queue.poll()) != null) {
                    String body = json.createObjectNode().put("code", t.code()).toString();
                    HttpResponse<String> r;
                    try {
                        r = server.post("/api/checkins", body);
                    } catch (IOException e) {
                        unanswered.add(t.id());
                        continue;
                    }
                    JsonNode answer;
                    try {
                        answer = json.readTree(r.body());
                    } catch (IOException e) {
                        answer = json.createObjectNode();
                    }
                    if (r.statusCode() == 201) {
                        admitted.computeIfAbsent(t.id(), k -> Collections.synchronizedList(new ArrayList<>()))
                                .add(answer.get("checkinId").asLong());
                    } else if (r.statusCode() == 200 && "already_redeemed".equals(answer.path("reason").asText())) {
                        refused.add(t.id());
                    } else if (!killed.get() && other.size() < 20) {
                        other.add(r.statusCode() + " " + r.body());
                    }
                    answered.incrementAndGet();
                }
                return null;
            }));
        }

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (answered.get() < killAfter && !queue.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        Thread.sleep(random.nextInt(6));
        Process p = server.process();
        // destroyForcibly is SIGKILL where destroy is SIGTERM, i.e. where normal termination is supported.
        assertThat(p.toHandle().supportsNormalTermination()).isTrue();
        int answeredBeforeKill = answered.get();
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        killed.set(true);
        for (Future<?> w : workers) {
            w.get(60, TimeUnit.SECONDS);
        }
        pool.shutdownNow();
        queue.forEach(t -> unanswered.add(t.id()));
        return new Rush(admitted, refused, unanswered, other, answeredBeforeKill, p.exitValue());
    }

    /** The export starts with a byte order mark, for Excel. */
    private static String withoutBom(String csv) {
        assertThat(csv).startsWith("\uFEFF");
        return csv.substring(1);
    }

    /** Ticket id to the ids of its standing (not annulled) entries on the main list, from the CSV export. */
    private Map<String, List<Long>> standingMainEntries() throws Exception {
        HttpResponse<String> r = server.get("/api/checkins.csv");
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, List<Long>> standing = new HashMap<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(withoutBom(r.body()))).setFormat(format).get()) {
            for (CSVRecord row : parser) {
                if (row.get("list").equals("main") && row.get("type").equals("entry") && row.get("annulled_at").isEmpty()) {
                    standing.computeIfAbsent(row.get("ticket_id"), k -> new ArrayList<>()).add(Long.parseLong(row.get("checkin_id")));
                }
            }
        }
        return standing;
    }

    private static final class Tally {
        int acknowledged;
        int found;
        int lost;
        int doubled;
        int committedUnacknowledged;
        int refused;
        int unanswered;
        final List<String> problems = new ArrayList<>();

        void add(Tally t) {
            acknowledged += t.acknowledged;
            found += t.found;
            lost += t.lost;
            doubled += t.doubled;
            committedUnacknowledged += t.committedUnacknowledged;
            refused += t.refused;
            unanswered += t.unanswered;
        }

        void problem(String p) {
            if (problems.size() < 20) {
                problems.add(p);
            }
        }
    }

    private Tally judge(List<Ticket> tickets, Rush rush, Map<String, List<Long>> standing, Map<String, Long> acknowledgedEver) {
        Tally t = new Tally();
        for (Ticket ticket : tickets) {
            List<Long> entries = standing.getOrDefault(ticket.id(), List.of());
            List<Long> acks = rush.admitted().getOrDefault(ticket.id(), List.of());
            if (!entries.isEmpty()) {
                t.found++;
            }
            if (entries.size() > 1 || acks.size() > 1) {
                t.doubled++;
                t.problem("ticket " + ticket.id() + ": standing entries " + entries + ", answered 201 with check-ins " + acks);
            }
            if (rush.refused().contains(ticket.id())) {
                t.refused++;
                if (entries.isEmpty()) {
                    t.problem("ticket " + ticket.id() + " was refused as already checked in, but has no entry");
                }
            }
            if (rush.unanswered().contains(ticket.id())) {
                t.unanswered++;
            }
            if (acks.isEmpty()) {
                if (!entries.isEmpty()) {
                    t.committedUnacknowledged++;
                }
                continue;
            }
            t.acknowledged++;
            if (!entries.contains(acks.get(0))) {
                t.lost++;
                t.problem("ticket " + ticket.id() + " was answered 201 with check-in " + acks.get(0) + ", but its standing entries are " + entries);
            }
            acknowledgedEver.put(ticket.id(), acks.get(0));
        }
        return t;
    }

    /** Copies the database files as they are (the server is dead), so the check does not touch the originals. */
    private static Path copyDatabase(Path data, Path target) throws IOException {
        Files.createDirectories(target);
        for (String name : List.of("usher.db", "usher.db-wal")) {
            if (Files.exists(data.resolve(name))) {
                Files.copy(data.resolve(name), target.resolve(name));
            }
        }
        return target;
    }

    private static String integrityCheck(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            return rs.next() ? rs.getString(1) : "no answer";
        }
    }
}
