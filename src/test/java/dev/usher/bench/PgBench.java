package dev.usher.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.PgCluster;
import dev.usher.store.PostgresUrl;
import dev.usher.ticket.TicketCode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

import static dev.usher.bench.PerfRun.require;
import static dev.usher.bench.Table.fmt;
import static dev.usher.bench.Table.ms;

/**
 * Usher on PostgreSQL (issue 16's benchmark rows): check-ins/s through HTTP with one node and with
 * two nodes on one PostgreSQL, each against that PostgreSQL's own single-row commit rate measured in
 * the same run; every admission found in the database exactly once; and the check-in latency of
 * kiosks at a person's pace on both nodes while a guest list is imported. Started by
 * {@code bench/postgres/run.sh}:
 * <pre>
 *   java -cp ... dev.usher.bench.PgBench --jar target/usher.jar --scripts bench/postgres --out target/bench/postgres.txt [--smoke] [--keep]
 * </pre>
 * PostgreSQL runs with its durable defaults ({@link PgCluster#startDurable}), the nodes as the
 * shipped jar in processes of their own, the HTTP load from wrk ({@code bench/postgres/checkin.lua}).
 */
public final class PgBench {
    /** The same server flags as bench/perf, so the SQLite and PostgreSQL rows compare. */
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SERVER_FLAGS = List.of("-Xmx160m", "-XX:+ExitOnOutOfMemoryError");
    private static final int CONNECTIONS = 64;
    /** One node's writer pool (PostgresDatabase.WRITERS): what one node can have committing at once. */
    private static final int NODE_WRITERS = 8;
    private static final String NONCE = "checkin.lua";
    /** bench/perf's script: the code only, as its SQLite row sends it. */
    private static final String NO_NONCE = "../perf/checkin.lua";
    /** Requests at a time per node in the race. */
    private static final int RACERS = 16;

    private record Plan(boolean smoke, Duration row, Duration warmUp, int guests, int raceCodes, int doorKiosks,
                        Duration doorScanEvery, Duration doorLeadIn, int doorGuests) {
        static Plan of(boolean smoke) {
            return smoke
                    ? new Plan(true, Duration.ofSeconds(2), Duration.ofSeconds(1), 3_000, 200, 10,
                    Duration.ofSeconds(2), Duration.ofSeconds(2), 2_000)
                    : new Plan(false, Duration.ofSeconds(10), Duration.ofSeconds(5), 50_000, 2_000, 100,
                    Duration.ofSeconds(2), Duration.ofSeconds(10), 100_000);
        }

        /** Check-ins made one at a time on node A while a dashboard on node B waits for each. */
        int liveSamples() {
            return smoke ? 3 : 30;
        }

        /** Codes kept for the kiosks: a scan every {@code doorScanEvery} each, for the lead-in and a long import. */
        int doorCodes() {
            return smoke ? 1_000 : 20_000;
        }
    }

    private final Plan plan;
    private final Path jar;
    private final Path scripts;
    private final Path out;
    private final boolean keep;
    private final String token = "pg-bench-admin-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final Http http = new Http();
    private final RunLog log = new RunLog();
    private final List<ServerProcess> nodes = new ArrayList<>();
    private final List<String> rows = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private PgCluster cluster;
    private Path work;
    /** Every 201 the wrk rows and the kiosks counted, to hold against the database. */
    private long admitted;
    /** Check-ins committed for requests wrk had in flight when it stopped (it counts no answer for them). */
    private long inFlight;
    /** The Usher database of the run. */
    private PostgresUrl db;

    private PgBench(List<String> args) {
        this.plan = Plan.of(args.contains("--smoke"));
        this.keep = args.contains("--keep");
        this.jar = Path.of(value(args, "--jar", "target/usher.jar"));
        this.scripts = Path.of(value(args, "--scripts", "bench/postgres"));
        this.out = Path.of(value(args, "--out", "target/bench/postgres.txt"));
    }

    private static String value(List<String> args, String name, String otherwise) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : otherwise;
    }

    public static void main(String[] args) {
        PgBench bench = new PgBench(List.of(args));
        int status;
        try {
            status = bench.run();
        } catch (Throwable e) {
            System.out.flush();
            System.err.println("PG BENCH HARNESS FAILED: " + e);
            e.printStackTrace();
            for (int i = 0; i < bench.nodes.size(); i++) {
                System.err.println("--- node " + (char) ('A' + i) + " output (last lines) ---\n" + bench.nodes.get(i).tail(30));
            }
            status = 1;
        } finally {
            bench.cleanUp();
        }
        System.exit(status);
    }

    private int run() throws Exception {
        Instant began = Instant.now();
        String loadBefore = Machine.loadAverage();
        Files.createDirectories(out.toAbsolutePath().getParent());
        work = Files.createTempDirectory(out.toAbsolutePath().getParent(), "pg-work-");
        log.line("%s run, %s; load average %s; %d cores; commit %s", plan.smoke() ? "Smoke" : "Full",
                began.atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")), loadBefore,
                Runtime.getRuntime().availableProcessors(), Machine.gitDescription());

        cluster = PgCluster.startDurable();
        PostgresUrl refDb = cluster.freshDatabase();
        log.line("PostgreSQL: %s (postmaster pid %d) on 127.0.0.1:%d; %s", version(refDb), cluster.serverPid(), cluster.port(), settings(refDb));
        Raw before = rawCommits(refDb, "before");

        db = cluster.freshDatabase();
        ServerProcess a = startNode(db, "a");
        GuestImport.Result imported = new GuestImport(plan.guests(), runId, token, http, log).run(a, work, "import (node A, before the rows)");
        Codes codes = Codes.read(db, plan, work);
        log.line("ticket codes: %,d read from PostgreSQL's ticket_codes; each is checked in at most once below except the warm-up's", codes.all);

        wrk(a, "warm-up, node A (not counted)", codes.warmUp, "w", CONNECTIONS, plan.warmUp());
        Wrk.Result one = measured("POST /api/checkins, one node", List.of(a), List.of(codes.one), CONNECTIONS, plan.row(), NONCE).get(0);
        Wrk.Result noNonce = measured("POST /api/checkins, one node, no nonce (as bench/perf's SQLite row)", List.of(a), List.of(codes.oneNoNonce),
                CONNECTIONS, plan.row(), NO_NONCE).get(0);

        ServerProcess b = startNode(db, "b");
        wrk(b, "warm-up, node B (not counted)", codes.warmUp, "v", CONNECTIONS, plan.warmUp());
        List<Wrk.Result> two = measured("POST /api/checkins, two nodes", List.of(a, b), List.of(codes.twoA, codes.twoB), CONNECTIONS / 2,
                plan.row(), NONCE);
        Race race = race(db, List.of(a, b), codes.race);
        Live live = liveAcrossNodes(a, b, codes.live);

        Doors doors = doorsOpen(db, a, b, codes.doors);
        Raw after = rawCommits(refDb, "after");
        Raw raw = new Raw(Math.max(before.single, after.single), Math.max(before.pool, after.pool), Math.max(before.concurrent, after.concurrent));

        long inDb = checkIns(db);
        long distinct = distinctTickets(db);
        log.line("exactly once: %,d admissions (201) counted by the clients over the whole run + %,d committed for requests in flight when a wrk run stopped"
                + " = %,d; %,d check-ins in the database, on %,d distinct tickets", admitted, inFlight, admitted + inFlight, inDb, distinct);
        if (admitted + inFlight != inDb || inDb != distinct) {
            problems.add("exactly once: " + admitted + " admitted, " + inDb + " check-ins in the database, " + distinct + " distinct tickets");
        }
        for (int i = 0; i < nodes.size(); i++) {
            long errors = nodes.get(i).errorLines();
            log.line("node %c: %d ERROR lines in its output%s", (char) ('A' + i), errors, errors == 0 ? "" : "; most frequent: " + nodes.get(i).mostFrequentError());
            if (errors > 0) {
                problems.add("node " + (char) ('A' + i) + " logged " + errors + " errors");
            }
        }
        String loadAfter = Machine.loadAverage();
        log.line("load average at the end: %s", loadAfter);

        table(raw, imported, one, noNonce, two, race, live, doors);
        String text = "load average at start: " + loadBefore + "; commit " + Machine.gitDescription() + "\n\n"
                + String.join("\n", rows) + "\n\n" + (problems.isEmpty() ? "No problem found: every admission in the database once, no 5xx, no errors logged.\n"
                : "PROBLEMS:\n  " + String.join("\n  ", problems) + "\n")
                + "\nRaw figures:\n  " + String.join("\n  ", log.lines()) + "\n";
        System.out.println();
        System.out.print(text);
        Files.writeString(out, text, StandardCharsets.UTF_8);
        System.out.println("(also in " + out + ")");
        return problems.isEmpty() ? 0 : 2;
    }

    private void table(Raw raw, GuestImport.Result imported, Wrk.Result one, Wrk.Result noNonce, List<Wrk.Result> two, Race race, Live live,
                       Doors doors) {
        double oneRate = one.perSecond(201);
        double twoRate = two.stream().mapToDouble(r -> r.perSecond(201)).sum();
        long twoP50 = two.stream().mapToLong(Wrk.Result::p50Us).max().orElse(-1);
        long twoP99 = two.stream().mapToLong(Wrk.Result::p99Us).max().orElse(-1);
        rows.add("| what | measured | in-run reference | ratio |");
        rows.add("|---|---|---|---|");
        rows.add(String.format("| raw single-row commits/s, one JDBC connection (autocommit INSERT) | %s/s |  |  |", fmt(raw.single)));
        rows.add(String.format("| raw single-row commits/s, %d connections (one node's writer pool) | %s/s | %s/s (one connection) | %.2f |",
                NODE_WRITERS, fmt(raw.pool), fmt(raw.single), raw.pool / raw.single));
        rows.add(String.format("| raw single-row commits/s, %d connections (PostgreSQL groups their commits) | %s/s | %s/s (one connection) | %.2f |",
                CONNECTIONS, fmt(raw.concurrent), fmt(raw.single), raw.concurrent / raw.single));
        rows.add(String.format("| check-ins/s, ONE node (%d connections, distinct tickets, a nonce each): p50 %s, p99 %s | %s/s | %s/s (raw, %d connections) | %.2f of it; %.2f of one connection's |",
                CONNECTIONS, ms(one.p50Us()), ms(one.p99Us()), fmt(oneRate), fmt(raw.concurrent), CONNECTIONS, oneRate / raw.concurrent, oneRate / raw.single));
        rows.add(String.format("| check-ins/s, ONE node, no nonce (bench/perf's request): p50 %s, p99 %s | %s/s | %s/s (raw, %d connections) | %.2f |",
                ms(noNonce.p50Us()), ms(noNonce.p99Us()), fmt(noNonce.perSecond(201)), fmt(raw.concurrent), CONNECTIONS, noNonce.perSecond(201) / raw.concurrent));
        rows.add(String.format("| check-ins/s, TWO nodes (%d connections each): p50 %s, p99 %s (the worse node's) | %s/s | %s/s (one node) | %.2f |",
                CONNECTIONS / 2, ms(twoP50), ms(twoP99), fmt(twoRate), fmt(oneRate), twoRate / oneRate));
        rows.add(String.format("| exactly once, both nodes racing for the same %,d tickets (a client that waits for every answer): check-ins in the database | %,d new; %,d admitted (201) | %,d tickets | %s |",
                race.codes(), race.inDb(), race.admitted(), race.codes(), race.statuses()));
        rows.add(String.format("| live across nodes: a dashboard's stream on node B, %d check-ins made one at a time on node A: from the request's start until B's stream counts it | p50 %s, max %s | issue 16: within 1 s | %s |",
                live.samples(), ms(live.p50Us()), ms(live.maxUs()), live.samples() == plan.liveSamples() && live.maxUs() <= 1_000_000 ? "met" : "MISSED"));
        rows.add(String.format("| doors open, two nodes: %d kiosks (a scan per %.0f s each, open loop, latency from the scheduled time) + a %,d-line import on node A: check-ins scheduled while it ran | p99 %s (p50 %s, max %s); %,d scans, %,d not admitted | import %.1f s (%,.0f tickets/s); alone before the rows: %,d lines at %,.0f tickets/s | |",
                plan.doorKiosks(), plan.doorScanEvery().toMillis() / 1000.0, plan.doorGuests(), ms(doors.p99Us), ms(doors.p50Us), ms(doors.maxUs),
                doors.counted, doors.notAdmitted, doors.importSeconds, plan.doorGuests() / doors.importSeconds, plan.guests(), plan.guests() / imported.seconds()));
    }

    private record Live(int samples, long p50Us, long maxUs) {
    }

    /**
     * A dashboard on node B (its live stream, as the page reads it) and check-ins on node A, one at
     * a time with a second between them: for each, the time from sending it to B's stream showing
     * the new count. The path is A's commit, its NOTIFY, B's listener and B's own broadcast.
     */
    private Live liveAcrossNodes(ServerProcess a, ServerProcess b, List<String> codes) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(b.baseUrl() + "/api/stats/stream"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).build();
        HttpResponse<Stream<String>> stream = client.send(request, HttpResponse.BodyHandlers.ofLines());
        require(stream.statusCode() == 200, "node B's live stream answered " + stream.statusCode());
        BlockingQueue<long[]> counts = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (Stream<String> lines = stream.body()) {
                lines.filter(l -> l.startsWith("data:")).forEach(l -> {
                    try {
                        var checkedIn = JSON.readTree(l.substring(5)).at("/stats/checkedIn");
                        if (checkedIn.isNumber()) {
                            counts.add(new long[]{System.nanoTime(), checkedIn.asLong()});
                        }
                    } catch (IOException e) {
                        // a frame that is not a snapshot: not what this row waits for
                    }
                });
            } catch (RuntimeException e) {
                // the stream is closed at the end of the row
            }
        }, "live-across-nodes");
        reader.setDaemon(true);
        reader.start();
        long[] first = counts.poll(30, TimeUnit.SECONDS);
        require(first != null, "node B's live stream sent no snapshot in 30 s");
        long count = first[1];
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < codes.size(); i++) {
            String code = codes.get(i);
            ServerProcess.sleep(1_000);
            counts.clear();
            long sent = System.nanoTime();
            Http.Answer r = http.postJson(a.baseUrl() + "/api/checkins", JSON.createObjectNode().put("code", code)
                    .put("nonce", "live-" + runId + "-" + i).toString(), token);
            if (r.status() != 201) {
                problems.add("live across nodes: a check-in on node A answered " + r.status() + ": " + r.body());
                continue;
            }
            admitted++;
            long deadline = sent + Duration.ofSeconds(10).toNanos();
            long seenAt = -1;
            for (long[] c; seenAt < 0 && (c = counts.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) != null; ) {
                if (c[1] > count) {
                    seenAt = c[0];
                    count = c[1];
                }
            }
            if (seenAt < 0) {
                problems.add("live across nodes: node B's stream did not count a check-in made on node A within 10 s");
                continue;
            }
            latencies.add((seenAt - sent) / 1_000);
        }
        reader.interrupt();
        stream.body().close();
        latencies.sort(Comparator.naturalOrder());
        long p50 = latencies.isEmpty() ? -1 : latencies.get(latencies.size() / 2);
        long max = latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1);
        log.line("live across nodes: %d check-ins on node A, one a second; node B's stream counted each after (µs, sorted) %s", latencies.size(), latencies);
        return new Live(latencies.size(), p50, max);
    }

    private record Raw(double single, double pool, double concurrent) {
    }

    /** Single-row commits straight to PostgreSQL, one connection and then many: the rates Usher's check-ins are held against. */
    private Raw rawCommits(PostgresUrl url, String when) throws Exception {
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS ref (id BIGSERIAL PRIMARY KEY, at BIGINT NOT NULL, payload TEXT NOT NULL)");
        }
        Duration d = plan.row();
        double single = commits(url, 1, d);
        double pool = commits(url, NODE_WRITERS, d);
        double concurrent = commits(url, CONNECTIONS, d);
        log.line("raw PostgreSQL single-row commits (this JVM, autocommit INSERT of one row per transaction, %d s each), %s the rows: "
                + "1 connection %s/s, %d connections %s/s, %d connections %s/s", d.toSeconds(), when, fmt(single), NODE_WRITERS, fmt(pool), CONNECTIONS, fmt(concurrent));
        return new Raw(single, pool, concurrent);
    }

    private double commits(PostgresUrl url, int connections, Duration d) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        LongAdder done = new LongAdder();
        List<Connection> open = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                open.add(connect(url));
            }
            long start = System.nanoTime();
            long end = start + d.toNanos();
            List<Future<?>> all = new ArrayList<>();
            for (Connection c : open) {
                all.add(pool.submit((Callable<Void>) () -> {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO ref (at, payload) VALUES (?, ?)")) {
                        while (System.nanoTime() < end) {
                            ps.setLong(1, System.currentTimeMillis());
                            ps.setString(2, "a check-in's worth of text");
                            ps.executeUpdate();
                            done.increment();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
            return done.sum() / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
            for (Connection c : open) {
                c.close();
            }
        }
    }

    private ServerProcess startNode(PostgresUrl db, String name) throws IOException {
        Path data = work.resolve("node-" + name);
        long t0 = System.nanoTime();
        ServerProcess node = ServerProcess.start(jar, SERVER_FLAGS, data, List.of("--db", "postgresql://" + db.user() + ":" + db.password() + "@" + db.where()), ServerProcess.freePort(), token,
                work.resolve("node-" + name + ".log"));
        nodes.add(node);
        Duration up = node.awaitReady(http, t0, Duration.ofSeconds(90));
        log.line("node %s: %s (pid %d), answered after %d ms", name.toUpperCase(), String.join(" ", node.command()).replace(db.password(), "***").replace(token, "…"), node.pid(), up.toMillis());
        return node;
    }

    /** A wrk run not counted as a row (a warm-up); its admissions still count for the exactly-once check. */
    private Wrk.Result wrk(ServerProcess node, String name, Path codes, String nonces, int connections, Duration d) throws IOException, SQLException {
        long before = checkIns(db);
        Wrk.Result r = new Wrk(scripts, connections, d).run(name, "checkin.lua", node.baseUrl() + "/api/checkins",
                Map.of("PERF_CODES", codes.toString(), "PERF_TOKEN", token, "PERF_RUN", runId + nonces));
        log.wrk(r);
        check(r);
        admitted += r.count(201);
        ServerProcess.sleep(2_000);
        inFlight += checkIns(db) - before - r.count(201);
        return r;
    }

    /** wrk on each node at once (its own code file each), with the CPU of everyone over the phase. */
    private List<Wrk.Result> measured(String name, List<ServerProcess> on, List<Path> codes, int connections, Duration d, String script)
            throws Exception {
        System.out.printf("… %s%n", name);
        ExecutorService pool = Executors.newFixedThreadPool(on.size());
        try {
            long dbBefore = checkIns(db);
            Map<String, Long> errorsBefore = pgErrors();
            ClusterCpu.Snapshot cpu = ClusterCpu.take(nodes, cluster.serverPid());
            List<Future<Wrk.Result>> runs = new ArrayList<>();
            for (int i = 0; i < on.size(); i++) {
                ServerProcess node = on.get(i);
                Path file = codes.get(i);
                String label = name + (on.size() > 1 ? ", node " + (char) ('A' + nodes.indexOf(node)) : "");
                String nonces = runId + name.hashCode() + "-" + i;
                runs.add(pool.submit(() -> new Wrk(scripts, connections, d).run(label, script, node.baseUrl() + "/api/checkins",
                        Map.of("PERF_CODES", file.toString(), "PERF_TOKEN", token, "PERF_RUN", nonces))));
            }
            List<Wrk.Result> results = new ArrayList<>();
            for (Future<Wrk.Result> f : runs) {
                results.add(f.get());
            }
            log.line("  CPU in cores during %s: %s", name, ClusterCpu.between(cpu, ClusterCpu.take(nodes, cluster.serverPid())));
            for (Wrk.Result r : results) {
                log.wrk(r);
                check(r);
                admitted += r.count(201);
            }
            if (results.size() > 1) {
                log.line("  %s together: %s admitted/s", name, fmt(results.stream().mapToDouble(r -> r.perSecond(201)).sum()));
            }
            // wrk stops with up to one request per connection in flight; the server still commits those.
            ServerProcess.sleep(2_000);
            long dbAfter = checkIns(db);
            long seen = results.stream().mapToLong(r -> r.count(201)).sum();
            log.line("  new check-ins in the database: %,d; admitted (201) as wrk counted: %,d; the difference (%,d) were in flight when wrk stopped (at most %d)",
                    dbAfter - dbBefore, seen, dbAfter - dbBefore - seen, connections * on.size());
            if (dbAfter - dbBefore < seen || dbAfter - dbBefore - seen > (long) connections * on.size()) {
                problems.add(name + ": " + seen + " admitted, " + (dbAfter - dbBefore) + " new check-ins in the database");
            }
            inFlight += dbAfter - dbBefore - seen;
            log.line("  PostgreSQL errors during the row (each a transaction rolled back, most of them run again): %s", pgErrorsSince(errorsBefore));
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private record Race(int codes, long admitted, long inDb, Map<Integer, Long> statuses) {
    }

    /**
     * Both nodes take the same tickets in the same order, {@value #RACERS} requests at a time each,
     * with a client that waits for every answer (wrk stops with requests in flight): every ticket must
     * be admitted exactly once, by one node or the other, and the database must hold as many new
     * check-ins as the clients saw admissions.
     */
    private Race race(PostgresUrl db, List<ServerProcess> on, Path codeFile) throws Exception {
        String name = "race: both nodes the same tickets in the same order";
        System.out.printf("… %s%n", name);
        List<String> codes = Files.readAllLines(codeFile);
        long before = checkIns(db);
        Map<String, Long> errorsBefore = pgErrors();
        Map<Integer, Long> statuses = new ConcurrentSkipListMap<>();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService pool = Executors.newFixedThreadPool(on.size() * RACERS);
        ClusterCpu.Snapshot cpu = ClusterCpu.take(nodes, cluster.serverPid());
        long t0 = System.nanoTime();
        try {
            List<Future<?>> all = new ArrayList<>();
            for (ServerProcess node : on) {
                AtomicInteger next = new AtomicInteger();
                for (int t = 0; t < RACERS; t++) {
                    all.add(pool.submit((Callable<Void>) () -> {
                        for (int i; (i = next.getAndIncrement()) < codes.size(); ) {
                            String body = "{\"code\":\"" + codes.get(i) + "\",\"nonce\":\"" + UUID.randomUUID() + "\"}";
                            HttpRequest r = HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/checkins"))
                                    .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token)
                                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
                            int status;
                            try {
                                status = client.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
                            } catch (IOException e) {
                                status = -1;
                            }
                            statuses.merge(status, 1L, Long::sum);
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        log.line("  CPU in cores during %s: %s", name, ClusterCpu.between(cpu, ClusterCpu.take(nodes, cluster.serverPid())));
        long ok = statuses.getOrDefault(201, 0L);
        long inDb = checkIns(db) - before;
        admitted += ok;
        log.line("%s: %,d tickets, each sent once to each of %d nodes (%d at a time per node, Java client waiting for every answer): %,d requests in %.1f s, answers %s;"
                        + " %,d admitted (201), %,d new check-ins in the database; PostgreSQL errors meanwhile: %s",
                name, codes.size(), on.size(), RACERS, codes.size() * on.size(), seconds, statuses, ok, inDb, pgErrorsSince(errorsBefore));
        if (ok != inDb || inDb != codes.size()) {
            problems.add("race: " + ok + " admitted (201), " + inDb + " new check-ins in the database, for " + codes.size()
                    + " tickets each sent to both nodes; answers " + statuses);
        }
        return new Race(codes.size(), ok, inDb, statuses);
    }

    /** The ERROR lines in PostgreSQL's log by their message (every failed statement is logged there at the default settings). */
    private Map<String, Long> pgErrors() throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        Path file = cluster.serverLog();
        if (file == null || !Files.exists(file)) {
            return counts;
        }
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            lines.filter(l -> l.contains("ERROR:")).map(l -> l.substring(l.indexOf("ERROR:") + 6).trim())
                    .map(m -> m.replaceAll("\"[^\"]*\"", "\"…\"").replaceAll("\\(.*", ""))
                    .forEach(m -> counts.merge(m, 1L, Long::sum));
        }
        return counts;
    }

    private String pgErrorsSince(Map<String, Long> before) throws IOException {
        Map<String, Long> now = pgErrors();
        StringBuilder s = new StringBuilder();
        now.forEach((m, n) -> {
            long d = n - before.getOrDefault(m, 0L);
            if (d > 0) {
                s.append(s.length() == 0 ? "" : "; ").append(String.format("%,d × %s", d, m));
            }
        });
        return s.length() == 0 ? "none" : s.toString();
    }

    /** A 5xx or a socket error is a problem of Usher's, noted for the report. */
    private void check(Wrk.Result r) {
        long fiveXx = r.statuses().entrySet().stream().filter(e -> e.getKey() >= 500).mapToLong(Map.Entry::getValue).sum();
        if (fiveXx > 0 || r.socketErrors() > 0 || r.timeouts() > 0) {
            problems.add(r.name() + ": " + r.statusSummary() + "; socket errors " + r.socketErrors() + ", timeouts " + r.timeouts());
        }
    }

    private record Doors(int counted, long notAdmitted, long p50Us, long p99Us, long maxUs, double importSeconds) {
    }

    /**
     * Kiosks at a person's pace, half on each node (each kiosk its own device and address), while a
     * guest list is imported on node A; the latency of the scans scheduled while the import ran.
     * No dashboards on the live stream here (bench/perf's doors-open row has 1,000): kiosks and the
     * import only.
     */
    private Doors doorsOpen(PostgresUrl db, ServerProcess a, ServerProcess b, List<String> codes) throws Exception {
        List<String> tokens = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (int k = 1; k <= plan.doorKiosks(); k++) {
            Http.Answer r = http.postJson(a.baseUrl() + "/api/kiosks", "{\"name\":\"PG bench door " + k + "\"}", token);
            require(r.status() == 201, "pairing a kiosk answered " + r.status() + ": " + r.body());
            tokens.add(json.readTree(r.body()).path("token").asText());
        }
        int half = tokens.size() / 2;
        int codesHalf = codes.size() / 2;
        KioskLoad onA = new KioskLoad(new InetSocketAddress("127.0.0.1", a.port()), tokens.subList(0, half), codes.subList(0, codesHalf),
                plan.doorScanEvery(), 0);
        KioskLoad onB = new KioskLoad(new InetSocketAddress("127.0.0.1", b.port()), tokens.subList(half, tokens.size()),
                codes.subList(codesHalf, codes.size()), plan.doorScanEvery(), half);
        System.out.println("… doors open");
        ClusterCpu.Snapshot cpu = ClusterCpu.take(nodes, cluster.serverPid());
        long start = System.nanoTime();
        onA.start(start, 0, tokens.size());
        onB.start(start, half, tokens.size());
        ServerProcess.sleep(plan.doorLeadIn().toMillis());
        long importStart = System.nanoTime();
        GuestImport.Result imported = new GuestImport(plan.doorGuests(), runId + "d", token, http, log).run(a, work, "import during doors open (node A)");
        long importEnd = System.nanoTime();
        List<KioskLoad.Scan> scans = new ArrayList<>(onA.stopAt(importEnd));
        scans.addAll(onB.stopAt(importEnd));
        log.line("  CPU in cores during doors open: %s", ClusterCpu.between(cpu, ClusterCpu.take(nodes, cluster.serverPid())));
        admitted += scans.stream().filter(s -> s.status() == 201).count();
        List<KioskLoad.Scan> during = scans.stream().filter(s -> s.scheduledNanos() >= importStart && s.scheduledNanos() < importEnd).toList();
        long[] latencies = during.stream().mapToLong(KioskLoad.Scan::latencyNanos).sorted().toArray();
        Map<Integer, Long> statuses = new TreeMap<>();
        during.forEach(s -> statuses.merge(s.status(), 1L, Long::sum));
        long notAdmitted = during.size() - statuses.getOrDefault(201, 0L);
        Doors d = new Doors(during.size(), notAdmitted, SpreadLoad.percentile(latencies, 50), SpreadLoad.percentile(latencies, 99),
                latencies.length == 0 ? -1 : latencies[latencies.length - 1] / 1000, imported.seconds());
        log.line("doors open: %d kiosks (%d on node A, %d on node B; own device tokens and addresses, a scan every %.1f s each, open loop) + a %,d-line import on node A (%.1f s):"
                        + " %,d scans while the import ran: %s; latency from the scheduled time p50 %s, p99 %s, max %s; %,d more before it (lead-in, not counted)%s",
                tokens.size(), half, tokens.size() - half, plan.doorScanEvery().toMillis() / 1000.0, plan.doorGuests(), imported.seconds(),
                d.counted(), statuses, ms(d.p50Us()), ms(d.p99Us()), ms(d.maxUs()), scans.size() - during.size(),
                onA.ranOut() || onB.ranOut() ? "; THE RESERVED CODES RAN OUT: scans stopped early" : "");
        long slow = during.stream().filter(x -> x.latencyNanos() > 2_000_000_000L).count();
        log.line("  %,d of those scans took over 2 s from their scheduled time (the kiosk page's ANSWER_WITHIN_MS)", slow);
        onA.firstRefusals().forEach((status, body) -> log.line("  node A: first scan answered %d: %s", status, body));
        onB.firstRefusals().forEach((status, body) -> log.line("  node B: first scan answered %d: %s", status, body));
        if (notAdmitted > 0) {
            problems.add("doors open: " + notAdmitted + " of " + during.size() + " kiosk scans not admitted: " + statuses);
        }
        return d;
    }

    /** The ticket codes, read from the database and shared out between the rows (each row its own). */
    private record Codes(int all, Path warmUp, Path one, Path oneNoNonce, Path twoA, Path twoB, Path race, int raceCount, List<String> doors,
                         List<String> live) {
        static Codes read(PostgresUrl db, Plan plan, Path work) throws SQLException, IOException {
            List<String> codes = new ArrayList<>();
            try (Connection c = connect(db); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT serial, signature FROM ticket_codes WHERE revoked_at IS NULL ORDER BY serial")) {
                while (rs.next()) {
                    codes.add(new TicketCode(rs.getBytes(1), rs.getBytes(2)).text());
                }
            }
            require(codes.size() >= plan.guests(), "found " + codes.size() + " ticket codes, expected " + plan.guests());
            int doors = plan.doorCodes();
            int warm = Math.min(2_000, codes.size() / 20);
            int race = plan.raceCodes();
            int live = plan.liveSamples();
            int rest = codes.size() - doors - warm - race - live;
            int quarter = rest / 4;
            int at = 0;
            List<String> doorCodes = codes.subList(at, at += doors);
            List<String> liveCodes = List.copyOf(codes.subList(at, at += live));
            Path warmUp = write(work, "warm-up", codes.subList(at, at += warm));
            Path raceFile = write(work, "race", codes.subList(at, at += race));
            // A quarter of the rest for each of the one-node rows and each node of the two-node row.
            Path one = write(work, "one", codes.subList(at, at += quarter));
            Path oneNoNonce = write(work, "one-no-nonce", codes.subList(at, at += quarter));
            Path twoA = write(work, "two-a", codes.subList(at, at += quarter));
            Path twoB = write(work, "two-b", codes.subList(at, codes.size()));
            return new Codes(codes.size(), warmUp, one, oneNoNonce, twoA, twoB, raceFile, race, doorCodes, liveCodes);
        }

        private static Path write(Path work, String name, List<String> codes) throws IOException {
            Path f = work.resolve("codes-" + name + ".txt");
            Files.write(f, codes);
            return f;
        }
    }

    private static long checkIns(PostgresUrl db) throws SQLException {
        return single(db, "SELECT count(*) FROM checkins WHERE annulled_at IS NULL");
    }

    private static long distinctTickets(PostgresUrl db) throws SQLException {
        return single(db, "SELECT count(DISTINCT ticket_id) FROM checkins WHERE annulled_at IS NULL");
    }

    private static long single(PostgresUrl db, String sql) throws SQLException {
        try (Connection c = connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String version(PostgresUrl db) throws SQLException {
        try (Connection c = connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version()")) {
            rs.next();
            return rs.getString(1).replaceAll(" on .*", "");
        }
    }

    /** The settings that decide what a commit costs, as the server reports them. */
    private static String settings(PostgresUrl db) throws SQLException {
        List<String> s = new ArrayList<>();
        try (Connection c = connect(db); PreparedStatement ps = c.prepareStatement(
                "SELECT name, setting, unit FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method',"
                        + " 'commit_delay', 'shared_buffers', 'max_connections') ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                s.add(rs.getString(1) + "=" + rs.getString(2) + (rs.getString(3) == null ? "" : " " + rs.getString(3)));
            }
        }
        return String.join(", ", s);
    }

    private static Connection connect(PostgresUrl url) throws SQLException {
        return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
    }

    private void cleanUp() {
        for (ServerProcess n : nodes) {
            n.stop();
        }
        if (cluster != null) {
            cluster.stop();
        }
        if (work != null && !keep) {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException ignored) {
                // A temp folder under target/: mvn clean takes it.
            }
        } else if (work != null) {
            System.out.println("work folder kept: " + work);
        }
    }
}
