package dev.usher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.sqlite.SQLiteConfig;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * "Fast at the door": every figure of the performance targets, measured in one run against
 * references measured in the same run (see bench/README.md). Started by {@code bench/perf/run.sh},
 * which builds the jar and puts the test classpath together:
 * <pre>
 *   java -cp ... dev.usher.bench.PerfRun --jar target/usher.jar --scripts bench/perf [--smoke] [--jfr] [--keep]
 * </pre>
 * Exit status: 0 when the run worked (and, in a full run, every target was met), 2 when a full run
 * missed a target, 1 when the harness itself failed.
 */
public final class PerfRun {
    /**
     * The server's JVM flags. The heap cap is what a small deployment would set, and what makes the
     * RSS row meaningful: without it a 24 GB machine gives G1 a 6 GB heap that it fills lazily, so
     * RSS would show the collector's laziness rather than what Usher needs.
     */
    static final List<String> SERVER_FLAGS = List.of("-Xmx160m", "-XX:+ExitOnOutOfMemoryError");
    static final String SERVER_FLAGS_WHY = "-Xmx160m: a heap cap sized for the 256 MB RSS target (heap + ~90 MB of "
            + "metaspace, code cache, threads and SQLite); without a cap G1 sizes the heap from the machine's 24 GB and RSS "
            + "measures its laziness, not Usher. Direct memory (Jetty's I/O buffers) is then capped at 160 MB too, the JVM's default. "
            + "-XX:+ExitOnOutOfMemoryError: a heap too small shows as a dead server, not as slowness.";
    static final int FD_TOLERANCE = 10;

    /** How much of everything: a full run, or the smoke form that only proves the harness works. */
    record Plan(boolean smoke, Duration wrk, Duration warmUp, int connections, int guests, List<Integer> sseClients, Duration fdWatch,
                Duration fdSampleEvery, Duration refWarmUp, Duration refMeasure, int restarts, Duration spread) {
        static Plan fullRun() {
            return new Plan(false, Duration.ofSeconds(10), Duration.ofSeconds(3), 64, 100_000, List.of(1_000, 10_000),
                    Duration.ofSeconds(40), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5), 3, Duration.ofSeconds(10));
        }

        static Plan smokeRun() {
            return new Plan(true, Duration.ofSeconds(1), Duration.ofSeconds(1), 64, 2_000, List.of(50),
                    Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofMillis(200), Duration.ofMillis(500), 1, Duration.ofSeconds(1));
        }
    }

    private final Plan plan;
    private final Path jar;
    private final Path scripts;
    private final Path out;
    private final boolean jfr;
    private final boolean keep;
    private final boolean nmt;
    private final String command;
    private final List<String> serverFlags;
    private final String token = "perf-admin-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final Http http = new Http();
    private final ObjectMapper json = new ObjectMapper();
    private final List<String> raw = new ArrayList<>();
    private final List<Phase> phases = new ArrayList<>();
    private Path work;
    private Path serverLog;
    private volatile ServerProcess server;
    private final AtomicLong peakRssKb = new AtomicLong(-1);
    private Process sseProcess;

    private PerfRun(Plan plan, Path jar, Path scripts, Path out, boolean jfr, boolean nmt, boolean keep, String command, List<String> serverFlags) {
        this.plan = plan;
        this.nmt = nmt;
        this.serverFlags = serverFlags;
        this.jar = jar;
        this.scripts = scripts;
        this.out = out;
        this.jfr = jfr;
        this.keep = keep;
        this.command = command;
    }

    public static void main(String[] args) {
        boolean smoke = false;
        boolean jfr = false;
        boolean nmt = false;
        boolean keep = false;
        Path jar = Path.of("target/usher.jar");
        Path scripts = Path.of("bench/perf");
        Path out = Path.of("target/bench/perf.txt");
        List<String> serverFlags = SERVER_FLAGS;
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--jfr" -> jfr = true;
                case "--nmt" -> nmt = true;
                case "--keep" -> keep = true;
                case "--jar" -> jar = Path.of(args[++i]);
                case "--scripts" -> scripts = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--server-flags" -> {
                    serverFlags = List.of(args[++i].trim().split("\\s+"));
                    shown.add("--server-flags '" + args[i] + "'");
                }
                default -> {
                    System.err.println("unknown option " + args[i] + "\nusage: bench/perf/run.sh [--smoke] [--jfr] [--nmt] [--keep] [--server-flags 'JVM FLAGS']");
                    System.exit(1);
                }
            }
            if (List.of("--smoke", "--jfr", "--nmt", "--keep").contains(args[i])) {
                shown.add(args[i]);
            }
        }
        String command = String.join(" ", Stream.concat(Stream.of("bench/perf/run.sh"), shown.stream()).toList());
        PerfRun run = new PerfRun(smoke ? Plan.smokeRun() : Plan.fullRun(), jar, scripts, out, jfr, nmt, keep, command, serverFlags);
        int status;
        try {
            status = run.run();
        } catch (Throwable e) {
            System.out.flush();
            System.err.println();
            System.err.println("PERF HARNESS FAILED: " + e);
            e.printStackTrace();
            if (run.server != null) {
                System.err.println("--- server output (last lines) ---\n" + run.server.tail(30));
            }
            status = 1;
        } finally {
            run.cleanUp();
        }
        System.exit(status);
    }

    private int run() throws Exception {
        Instant began = Instant.now();
        String loadBefore = loadAverage();
        Files.createDirectories(out.toAbsolutePath().getParent());
        work = Files.createTempDirectory(out.toAbsolutePath().getParent(), "perf-work-");
        serverLog = work.resolve("server.log");
        Path data = work.resolve("data");
        Wrk wrk = new Wrk(scripts, plan.connections(), plan.wrk());
        String wrkLine = wrk.describe();
        log("%s run, %s; load average %s; %d cores; fd limit %s", plan.smoke() ? "Smoke" : "Full",
                began.atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")), loadBefore,
                Runtime.getRuntime().availableProcessors(), openFileLimit());
        int need = plan.sseClients().stream().mapToInt(Integer::intValue).max().orElse(0) + 500;
        if (openFileLimit() < need) {
            throw new IllegalStateException("the open-file limit is " + openFileLimit() + "; " + need
                    + " are needed for the SSE clients (run.sh raises it with ulimit -n; run as a user who may)");
        }

        // --- the server, as it ships, in its own process
        int port = ServerProcess.freePort();
        List<String> flags = new ArrayList<>(serverFlags);
        if (jfr) {
            flags.add("-XX:StartFlightRecording=filename=" + out.toAbsolutePath().getParent().resolve("server.jfr")
                    + ",settings=profile,dumponexit=true");
        }
        if (nmt) {
            flags.add("-XX:NativeMemoryTracking=summary");
        }
        long t0 = System.nanoTime();
        server = ServerProcess.start(jar, flags, data, port, token, serverLog);
        Duration firstStart = server.awaitReady(http, t0, Duration.ofSeconds(60));
        log("server: %s (pid %d), first start (empty data folder) answered after %d ms",
                String.join(" ", server.command()).replace(token, "…"), server.pid(), firstStart.toMillis());
        log("server JVM flags: %s", serverFlags.equals(SERVER_FLAGS) ? SERVER_FLAGS_WHY : String.join(" ", serverFlags) + " (given with --server-flags)");
        log("server at rest: RSS %s, %d fds", mb(server.rssKb()), server.fds());
        Thread rssWatch = new Thread(() -> {
            ServerProcess first = server;
            while (first != null && first.alive()) {
                peakRssKb.accumulateAndGet(first.rssKb(), Math::max);
                ServerProcess.sleep(100);
            }
        }, "rss-watch");
        rssWatch.setDaemon(true);
        rssWatch.start();

        // --- the guest list import: time and peak RSS
        Phase importPhase = begin("import");
        Import imported = importGuests(data);
        end(importPhase);
        nativeMemory("after the import");

        // --- ticket issuance through the API (first, so that its tickets join the codes for check-ins)
        Map<String, String> env = new LinkedHashMap<>(Map.of("PERF_TOKEN", token, "PERF_RUN", runId + "w"));
        wrk.run("warm-up", "issue.lua", server.baseUrl() + "/api/tickets", env, plan.warmUp());
        env.put("PERF_RUN", runId);
        Phase p = begin("POST /api/tickets");
        Wrk.Result issued = wrk.run("POST /api/tickets", "issue.lua", server.baseUrl() + "/api/tickets", env);
        require(issued.count(201) > 0, "no ticket was issued (201): " + issued.statusSummary());
        logWrk(issued);
        end(p);

        // --- the tickets' codes, for check-ins and QR images that each name a different ticket
        List<String> codes = readCodes(data.resolve("usher.db"));
        int reserved = plan.sseClients().size();
        List<String> sseCodes = codes.subList(0, reserved);
        List<String> loadCodes = codes.subList(reserved, codes.size());
        // The check-in warm-up cycles through a few codes of its own (after the first round it meets
        // "already checked in", which runs nearly the same code); the measured run gets all the others.
        int warmUpCodes = Math.min(2_000, loadCodes.size() / 10);
        Path warmUpFile = work.resolve("codes-warm-up.txt");
        Files.write(warmUpFile, loadCodes.subList(0, warmUpCodes));
        List<String> checkInCodes = loadCodes.subList(warmUpCodes, loadCodes.size());
        Path codesFile = work.resolve("codes.txt");
        Files.write(codesFile, checkInCodes);
        checkCodes(loadCodes);
        env.put("PERF_CODES", codesFile.toAbsolutePath().toString());

        // --- check-ins against the trivial endpoint and raw SQLite, measured side by side
        double sqliteBefore = RawReferences.sqliteCommitsPerSecond(work, plan.refWarmUp(), plan.refMeasure());
        wrk.run("warm-up", "get.lua", server.baseUrl() + "/api/event", env, plan.warmUp());
        p = begin("GET /api/event");
        Wrk.Result event = wrk.run("GET /api/event", "get.lua", server.baseUrl() + "/api/event", env);
        require(event.count(200) > 0, "GET /api/event got no 200 answers: " + event.statusSummary());
        logWrk(event);
        end(p);

        env.put("PERF_CODES", warmUpFile.toAbsolutePath().toString());
        wrk.run("warm-up", "checkin.lua", server.baseUrl() + "/api/checkins", env, plan.warmUp());
        env.put("PERF_CODES", codesFile.toAbsolutePath().toString());
        p = begin("POST /api/checkins");
        Wrk.Result checkIns = wrk.run("POST /api/checkins", "checkin.lua", server.baseUrl() + "/api/checkins", env);
        require(checkIns.count(201) > 0, "no check-in was admitted (201): " + checkIns.statusSummary());
        logWrk(checkIns);
        end(p);
        boolean ranOut = checkIns.requests() > checkInCodes.size();
        if (ranOut) {
            log("  not enough distinct tickets: %,d requests for %,d codes; the repeats answered 200 already_redeemed, so check-ins/s is a lower bound",
                    checkIns.requests(), checkInCodes.size());
        }

        // The fsync behind each raw commit is what varies most on a shared disk: measured before and
        // after the check-ins, and the better of the two is the reference.
        double sqliteAfter = RawReferences.sqliteCommitsPerSecond(work, plan.refWarmUp(), plan.refMeasure());
        double sqlite = Math.max(sqliteBefore, sqliteAfter);
        require(sqlite > 0, "raw SQLite made no commits");
        log("raw SQLite (this JVM, one thread, WAL + synchronous=FULL, one INSERT per transaction, file in %s): %s commits/s before the check-ins, %s after; reference %s",
                work.getParent(), Table.fmt(sqliteBefore), Table.fmt(sqliteAfter), Table.fmt(sqlite));

        // The reference once more, after the check-ins: the better of the two is used (higher rate,
        // lower p99), since a noisy neighbour can only make a reference look worse than the machine is.
        double eventRate = event.perSecond(200);
        long eventP99 = event.p99Us();
        if (!plan.smoke()) {
            p = begin("GET /api/event (again)");
            Wrk.Result eventAgain = wrk.run("GET /api/event (again, after the check-ins)", "get.lua", server.baseUrl() + "/api/event", env);
            logWrk(eventAgain);
            end(p);
            eventRate = Math.max(eventRate, eventAgain.perSecond(200));
            eventP99 = Math.min(eventP99, eventAgain.p99Us());
            log("  reference for the table: the better of the two GET /api/event runs: %s req/s, p99 %s", Table.fmt(eventRate), ms(eventP99));
        }

        // --- QR images against ZXing's own PNG path
        double zxing = RawReferences.zxingPngsPerSecond(loadCodes.subList(0, Math.min(500, loadCodes.size())), plan.refWarmUp(), plan.refMeasure());
        require(zxing > 0, "ZXing made no PNGs");
        log("raw ZXing (this JVM, one thread, QRCodeWriter 300×300 px EC M + MatrixToImageWriter.toBufferedImage + ImageIO.write PNG): %s PNG/s",
                Table.fmt(zxing));
        SpreadLoad spread = new SpreadLoad("127.0.0.1", server.port());
        int half = loadCodes.size() / 2;
        spread.run(i -> "/t/" + loadCodes.get((half + loadCodes.size() / 4 + i) % loadCodes.size()) + "/qr.png",
                plan.connections(), plan.warmUp(), 50);
        p = begin("GET /t/{code}/qr.png (many addresses)");
        SpreadLoad.Result qrSpread = spread.run(i -> "/t/" + loadCodes.get((half + i) % loadCodes.size()) + "/qr.png",
                plan.connections(), plan.spread(), 50);
        require(qrSpread.count(200) > 0, "no QR image was served to the spread client: " + qrSpread.statuses());
        logSpread("GET /t/{code}/qr.png", qrSpread);
        end(p);
        List<String> fewCodes = loadCodes.subList(half / 2, Math.min(loadCodes.size(), half / 2 + 200));
        p = begin("GET /t/{code}/qr.png (200 tickets over and over)");
        SpreadLoad.Result qrRepeat = spread.run(i -> "/t/" + fewCodes.get(i % fewCodes.size()) + "/qr.png",
                plan.connections(), plan.smoke() ? plan.spread() : plan.spread().dividedBy(2), 50);
        require(qrRepeat.count(200) > 0, "no QR image was served to the spread client: " + qrRepeat.statuses());
        logSpread("GET /t/{code}/qr.png, the same " + fewCodes.size() + " tickets over and over", qrRepeat);
        end(p);
        SpreadLoad.Result eventSpread = spread.run(i -> "/api/event", plan.connections(), plan.smoke() ? plan.warmUp() : plan.spread().dividedBy(2), 50);
        logSpread("GET /api/event (the same Java client's ceiling)", eventSpread);
        // No warm-up here: it would spend this address's allowance (the QR path is warm from the runs above).
        p = begin("GET /t/{code}/qr.png (wrk)");
        Wrk.Result qr = wrk.run("GET /t/{code}/qr.png", "qr.lua", server.baseUrl() + "/t/x/qr.png", env);
        require(qr.count(200) > 0, "no QR image was served (200): " + qr.statusSummary());
        logWrk(qr);
        end(p);

        nativeMemory("after the HTTP load, before the SSE clients");

        // --- many dashboards
        Map<Integer, Sse> sse = new LinkedHashMap<>();
        for (int i = 0; i < plan.sseClients().size(); i++) {
            int n = plan.sseClients().get(i);
            p = begin("SSE " + n + " clients");
            sse.put(n, sse(n, sseCodes.get(i)));
            end(p);
        }

        log("server peak RSS over the whole run (sampled every 100 ms): %s", mb(peakRssKb.get()));
        nativeMemory("at the end of the run");

        // --- start-up with the tickets in the data folder
        long tickets = 0;
        try (Connection c = readOnly(data.resolve("usher.db")); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM tickets")) {
            tickets = rs.next() ? rs.getLong(1) : 0;
        }
        server.stop();
        server = null;
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < plan.restarts(); i++) {
            long t = System.nanoTime();
            server = ServerProcess.start(jar, serverFlags, data, port, token, serverLog);
            starts.add(server.awaitReady(http, t, Duration.ofSeconds(60)).toMillis());
            server.stop();
            server = null;
        }
        List<Long> sortedStarts = starts.stream().sorted().toList();
        long startMs = sortedStarts.get(sortedStarts.size() / 2);
        log("start-up with %,d tickets in the data folder (process start → first 200 from GET /api/event, polled every 5 ms, same flags, no JFR): %s ms; median %d ms",
                tickets, starts, startMs);

        String loadAfter = loadAverage();
        log("load average at the end: %s", loadAfter);

        // --- the table
        Table table = new Table(!plan.smoke());
        double checkInRate = checkIns.perSecond(201);
        String ranOutNote = ranOut ? "the codes ran out: a lower bound" : null;
        table.atLeast("check-ins/s (distinct tickets, " + plan.connections() + " connections) ÷ `GET /api/event` req/s",
                rate(checkInRate), rate(eventRate), checkInRate / eventRate, 0.6, ranOutNote);
        table.atLeast("check-ins/s ÷ raw single-row FULL commits/s (in-process SQLite)",
                rate(checkInRate), rate(sqlite), checkInRate / sqlite, 5, ranOutNote);
        double p99Ratio = (double) checkIns.p99Us() / eventP99;
        table.atMost("check-in p99 ÷ `GET /api/event` p99 (same 64 connections, saturated)", ms(checkIns.p99Us()), ms(eventP99),
                Table.fmt(p99Ratio), p99Ratio, 1.5, "≤ 1.5", null);
        double qrRate = qr.perSecond(200);
        table.atLeast("`/t/{code}/qr.png` req/s (wrk, one client address) ÷ in-process `MatrixToImageWriter` PNG/s (300 px)",
                rate(qrRate), rate(zxing), qrRate / zxing, 5,
                qr.count(429) > 0 ? String.format(Locale.ROOT, "%,d of %,d answers were 429: ticket pages are limited to 20/s per address, admin token or not",
                        qr.count(429), qr.requests()) : null);
        double qrSpreadRate = qrSpread.perSecond(200);
        table.atLeast("`/t/{code}/qr.png` req/s (Java client, a new loopback address every 50 requests; every request a different ticket) ÷ the same",
                rate(qrSpreadRate), rate(zxing), qrSpreadRate / zxing, 5,
                qrSpread.count(429) > 0 ? String.format(Locale.ROOT, "%,d × 429", qrSpread.count(429)) : null);
        double qrRepeatRate = qrRepeat.perSecond(200);
        table.atLeast("`/t/{code}/qr.png` req/s (Java client as above, the same 200 tickets over and over: what a cache can do) ÷ the same",
                rate(qrRepeatRate), rate(zxing), qrRepeatRate / zxing, 5, null);
        double issueRate = issued.perSecond(201);
        table.atLeast("ticket issuance (`POST /api/tickets`) tickets/s ÷ check-ins/s", rate(issueRate), rate(checkInRate),
                issueRate / checkInRate, 0.3, null);
        String importWhat = String.format(Locale.ROOT, "%,d-line CSV guest list import (`POST /api/tickets/import`)", plan.guests());
        table.atMost(importWhat + ": time", String.format(Locale.ROOT, "%.1f s", imported.seconds()), "", "",
                imported.seconds(), 10, "≤ 10 s", String.format(Locale.ROOT, "%,.0f tickets/s", plan.guests() / imported.seconds()));
        table.atMost(importWhat + ": server peak RSS", mb(imported.peakRssKb()), "at rest " + mb(imported.restRssKb()), "",
                imported.peakRssKb() / 1024.0, 256, "≤ 256 MB", "server flags " + String.join(" ", serverFlags));
        table.atMost(String.format(Locale.ROOT, "server start to first answered request (%,d tickets in the data folder)", tickets),
                String.format(Locale.ROOT, "%.2f s", startMs / 1000.0), "", "", startMs / 1000.0, 1.5, "≤ 1.5 s",
                starts.size() > 1 ? "median of " + starts.size() + ": " + starts + " ms" : null);
        for (Map.Entry<Integer, Sse> e : sse.entrySet()) {
            int n = e.getKey();
            Sse s = e.getValue();
            boolean held = s.held() == n;
            boolean quick = s.checkInStatus() == 201 && s.seen() == s.watched() && s.worstMs() >= 0 && s.worstMs() <= 1000;
            boolean back = s.fdsBackAfterSeconds() >= 0 && s.fdsBackAfterSeconds() <= 30;
            List<String> why = new ArrayList<>();
            if (!held) {
                why.add(String.format(Locale.ROOT, "held %,d of %,d", s.held(), n));
            }
            if (s.checkInStatus() != 201) {
                why.add("the check-in answered " + s.checkInStatus());
            }
            if (s.seen() < s.watched()) {
                why.add(String.format(Locale.ROOT, "%,d of %,d never saw it within 10 s", s.watched() - s.seen(), s.watched()));
            } else if (!quick && s.checkInStatus() == 201) {
                why.add(String.format(Locale.ROOT, "worst %.0f ms", s.worstMs()));
            }
            if (!back) {
                why.add(s.fdsBackAfterSeconds() < 0 ? "fds not back after " + plan.fdWatch().toSeconds() + " s"
                        : String.format(Locale.ROOT, "fds back only after %.0f s", s.fdsBackAfterSeconds()));
            }
            if (s.serverErrors() > 0) {
                why.add(String.format(Locale.ROOT, "the server logged %,d errors (raw figures)", s.serverErrors()));
            }
            table.check(String.format(Locale.ROOT, "%,d SSE clients on `GET /api/stats/stream`: each sees a check-in ≤ 1 s later; server fds back after they vanish", n),
                    String.format(Locale.ROOT, "held %,d; %,d saw it, worst %.0f ms, p99 %.0f ms; RSS %s; fds back after %s",
                            s.held(), s.seen(), s.worstMs(), s.p99Ms(), mb(s.rssWithKb()),
                            s.fdsBackAfterSeconds() < 0 ? "> " + plan.fdWatch().toSeconds() + " s" : String.format(Locale.ROOT, "%.0f s", s.fdsBackAfterSeconds())),
                    String.format(Locale.ROOT, "fds %,d before, %,d with; RSS %s before", s.fdsBefore(), s.fdsWith(), mb(s.rssBeforeKb())),
                    "all held, each ≤ 1 s, fds back ≤ 30 s (2 heartbeats)", held && quick && back && s.serverErrors() == 0, String.join("; ", why));
        }

        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "Usher doors-open benchmark (%s), %s%n", plan.smoke() ? "SMOKE: tiny counts, no targets judged" : "full run",
                began.atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 16).replace('T', ' ') + " UTC"));
        report.append(String.format(Locale.ROOT, "command: %s   (git %s)%n", command, gitDescription()));
        report.append(String.format(Locale.ROOT, "load average: %s at the start, %s at the end; %d cores%n", loadBefore, loadAfter,
                Runtime.getRuntime().availableProcessors()));
        report.append(String.format(Locale.ROOT, "server: java %s -jar %s (the real jar, its own process, 127.0.0.1, admin token: no rate limit on check-ins and issuance)%n",
                String.join(" ", serverFlags), jar));
        report.append("load: ").append(wrkLine).append("; the QR spread row and SSE clients use Java load generators (test classpath)\n\n");
        report.append(table.markdown());
        report.append("\nRaw figures:\n");
        raw.forEach(l -> report.append("  ").append(l).append('\n'));
        if (jfr) {
            Path recording = out.toAbsolutePath().getParent().resolve("server.jfr");
            if (Files.exists(recording)) {
                report.append("\nWhere the server's CPU went (JFR execution samples, ").append(recording).append("):");
                report.append(JfrHotspots.summarize(recording, phases.stream()
                        .map(x -> new JfrHotspots.Phase(x.name, x.start, x.end)).toList(), 8));
            }
        }
        if (plan.smoke()) {
            report.append("\nSmoke run: the harness works end to end; the figures above are not meant to be compared with targets.\n");
        } else {
            report.append(String.format(Locale.ROOT, "%n%d of %d targets missed.%n", table.missed(), table.rows().size()));
        }
        System.out.println();
        System.out.print(report);
        Files.writeString(out, report.toString(), StandardCharsets.UTF_8);
        System.out.println("(also in " + out + ")");
        return plan.smoke() || table.missed() == 0 ? 0 : 2;
    }

    // ------------------------------------------------------------------ the import

    private record Import(double seconds, long restRssKb, long peakRssKb, long afterRssKb) {
    }

    private Import importGuests(Path data) throws IOException, InterruptedException {
        Path csv = work.resolve("guests.csv");
        try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("name,email,company\n");
            for (int i = 1; i <= plan.guests(); i++) {
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
        JsonNode report = json.readTree(a.body());
        require(report.path("created").asInt() == plan.guests(), "the import created " + report.path("created") + " of " + plan.guests() + ": " + a.body());
        long after = server.rssKb();
        log("import: %,d lines (%.1f MB) in %.2f s = %,.0f tickets/s; RSS %s before, peak %s (sampled every 20 ms), %s after",
                plan.guests(), body.length / 1e6, seconds, plan.guests() / seconds, mb(rest), mb(peak.get()), mb(after));
        return new Import(seconds, rest, Math.max(peak.get(), after), after);
    }

    // ------------------------------------------------------------------ ticket codes

    /**
     * The codes of all current tickets, read straight from the data folder's SQLite file (WAL lets
     * another process read while the server writes) and spelled as the README documents them:
     * Base32(version 1 ‖ 12-byte serial ‖ 64-byte Ed25519 signature). The API has no bulk export of
     * codes (a code is the ticket), and the import report names no ticket ids, so this is the one
     * quick way to 100,000 distinct codes; {@link #checkCodes} proves the spelling through the API.
     */
    private List<String> readCodes(Path db) throws SQLException {
        List<String> codes = new ArrayList<>();
        try (Connection c = readOnly(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT serial, signature FROM ticket_codes WHERE revoked_at IS NULL")) {
            while (rs.next()) {
                // Spelled by the server's own TicketCode, so the bench follows any change of format.
                codes.add(new dev.usher.ticket.TicketCode(rs.getBytes(1), rs.getBytes(2)).text());
            }
        }
        require(codes.size() >= plan.guests(), "found " + codes.size() + " ticket codes in the database, expected " + plan.guests());
        log("ticket codes: %,d read from the data folder's usher.db (read-only), each checked in/used at most once below", codes.size());
        return codes;
    }

    private static Connection readOnly(Path db) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        return DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath(), config.toProperties());
    }

    private void checkCodes(List<String> codes) throws IOException {
        for (String code : List.of(codes.get(0), codes.get(codes.size() / 2), codes.get(codes.size() - 1))) {
            Http.Answer a = http.get(server.baseUrl() + "/t/" + code + "/ticket.json", null, Duration.ofSeconds(10));
            require(a.status() == 200 && a.body().contains("\"valid\""),
                    "a code read from the database is not valid through the API (has the code format changed?): " + a.status() + " " + a.body());
        }
    }

    // ------------------------------------------------------------------ SSE

    private record Sse(int held, boolean stalled, double connectSeconds, int checkInStatus, int watched, int seen, double p99Ms,
                       double worstMs, double worstAfterAckMs, long rssBeforeKb, long rssWithKb, long rssAfterKb, int fdsBefore,
                       int fdsWith, double fdsBackAfterSeconds, long serverErrors) {
    }

    /**
     * N clients in a process of their own (SseLoad); once all hold a snapshot, one check-in and the
     * delay until each client sees it; then the process is killed (SIGKILL: every socket vanishes as
     * when browsers close), and the server's fds are sampled until they are back at the baseline.
     * A server that cannot keep up makes a missed row, not a harness failure (except in a smoke run,
     * where 50 clients failing means something is broken).
     */
    private Sse sse(int n, String code) throws Exception {
        // Earlier load may still be closing its connections: start from a settled baseline.
        ServerProcess.sleep(plan.smoke() ? 200 : 1000);
        int fdsBefore = server.fds();
        long rssBefore = server.rssKb();
        long errorsBefore = serverErrors();
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), SseLoad.class.getName(),
                server.baseUrl(), token, Integer.toString(n), code, Long.toString(Math.max(20, n / 50)));
        sseProcess = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(work.resolve("sse.log").toFile())).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process proc = sseProcess;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    lines.add(l);
                }
            } catch (IOException ignored) {
                // The process was killed.
            }
        }, "sse-output");
        reader.setDaemon(true);
        reader.start();
        Map<String, String> held = fields(awaitLine(lines, "SSE_HELD", Duration.ofSeconds(Math.max(60, n / 50 + 40))));
        int heldCount = Integer.parseInt(held.get("held"));
        require(heldCount > 0, "no SSE client got a snapshot; see " + work.resolve("sse.log") + " and the server log");
        long rssWith = server.rssKb();
        int fdsWith = server.fds();
        nativeMemory(String.format(Locale.ROOT, "with %,d SSE clients held", heldCount));
        try (OutputStream o = proc.getOutputStream()) {
            o.write("GO\n".getBytes(StandardCharsets.US_ASCII));
            o.flush();
            Map<String, String> r = fields(awaitLine(lines, "SSE_RESULT", Duration.ofSeconds(60)));
            int status = Integer.parseInt(r.get("checkin_status"));
            int seen = Integer.parseInt(r.get("seen"));
            if (plan.smoke()) {
                require(status == 201, "the check-in made with the SSE clients answered " + status);
                require(seen == heldCount, seen + " of " + heldCount + " SSE clients saw the check-in");
            }
            rssWith = Math.max(rssWith, server.rssKb());
            fdsWith = Math.max(fdsWith, server.fds());

            long killed = System.nanoTime();
            proc.destroyForcibly();
            proc.waitFor(10, TimeUnit.SECONDS);
            sseProcess = null;
            List<String> timeline = new ArrayList<>();
            double backAfter = -1;
            long deadline = killed + plan.fdWatch().toNanos();
            while (System.nanoTime() < deadline) {
                ServerProcess.sleep(plan.fdSampleEvery().toMillis());
                int fds = server.fds();
                double at = (System.nanoTime() - killed) / 1e9;
                timeline.add(String.format(Locale.ROOT, "%.1fs:%d", at, fds));
                if (fds <= fdsBefore + FD_TOLERANCE) {
                    backAfter = at;
                    break;
                }
            }
            long rssAfter = server.rssKb();
            long errors = serverErrors() - errorsBefore;
            Sse s = new Sse(heldCount, Boolean.parseBoolean(held.get("stalled")), Double.parseDouble(held.get("seconds")), status,
                    Integer.parseInt(r.get("watched")), seen, Double.parseDouble(r.get("p99_ms")), Double.parseDouble(r.get("worst_ms")),
                    Double.parseDouble(r.get("worst_after_ack_ms")), rssBefore, rssWith, rssAfter, fdsBefore, fdsWith, backAfter, errors);
            log("SSE %,d clients (own process, raw sockets, one selector thread): %,d held after %.1f s (%s failed%s); one check-in (%d after %s ms):"
                            + " %,d of %,d saw it, p50 %s ms, p99 %.0f ms, worst %.0f ms after the request was sent (%.0f ms after its answer);"
                    + " the client thread was busy %s ms of that reading and parsing",
                    n, heldCount, s.connectSeconds(), held.get("failed"), s.stalled() ? ", gave up after 10 s without progress" : "",
                    status, r.get("ack_ms"), seen, s.watched(), r.get("p50_ms"), s.p99Ms(), s.worstMs(), s.worstAfterAckMs(), r.get("client_busy_ms"));
            log("  server RSS %s before, %s with the clients, %s after; fds %,d before, %,d with; after SIGKILL of the clients: %s (back = ≤ %d over the baseline)",
                    mb(rssBefore), mb(rssWith), mb(rssAfter), fdsBefore, fdsWith, String.join(" ", timeline), FD_TOLERANCE);
            if (errors > 0) {
                log("  the server logged %,d errors meanwhile; the most frequent: %s", errors, frequentServerError());
            }
            return s;
        }
    }

    /** With {@code --nmt}: the JVM's own account of the server's memory, next to its RSS. */
    private void nativeMemory(String when) throws IOException, InterruptedException {
        if (!nmt) {
            return;
        }
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(server.pid()), "VM.native_memory", "summary").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("-\\s+(.+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)").matcher(text);
        StringBuilder parts = new StringBuilder();
        while (m.find()) {
            long kb = Long.parseLong(m.group(2));
            if (kb >= 1024) {
                parts.append(parts.length() == 0 ? "" : ", ").append(m.group(1).trim()).append(' ').append(kb / 1024);
            }
        }
        java.util.regex.Matcher total = java.util.regex.Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB").matcher(text);
        log("NMT %s, committed MB: %s; total %s; RSS %s (the rest is memory the JVM does not track, e.g. SQLite's own mallocs)",
                when, parts, total.find() ? Long.parseLong(total.group(1)) / 1024 + " MB" : "?", mb(server.rssKb()));
    }

    /** Lines in the server's output that report an error (its log is plain slf4j-simple output). */
    private long serverErrors() throws IOException {
        try (Stream<String> l = Files.lines(serverLog, StandardCharsets.UTF_8)) {
            return l.filter(x -> x.contains(" ERROR ") || x.startsWith("Exception in thread")).count();
        }
    }

    private String frequentServerError() throws IOException {
        try (Stream<String> l = Files.lines(serverLog, StandardCharsets.UTF_8)) {
            return l.filter(x -> x.contains("Error: ") || x.contains("Exception: "))
                    .map(x -> x.replaceAll("^.*?((\\w+\\.)+\\w+(Error|Exception): )", "$1").replaceAll("\\(allocated: .*", "").trim())
                    .collect(java.util.stream.Collectors.groupingBy(x -> x, java.util.stream.Collectors.counting()))
                    .entrySet().stream().max(Map.Entry.comparingByValue())
                    .map(e -> e.getValue() + " × " + e.getKey()).orElse("(none)");
        }
    }

    private String awaitLine(BlockingQueue<String> lines, String prefix, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            String l = lines.poll(200, TimeUnit.MILLISECONDS);
            if (l != null && l.startsWith(prefix + " ")) {
                return l;
            }
            if (l == null && sseProcess != null && !sseProcess.isAlive() && lines.isEmpty()) {
                throw new IllegalStateException("the SSE client process exited (" + sseProcess.exitValue() + "); see " + work.resolve("sse.log"));
            }
        }
        throw new IllegalStateException("no " + prefix + " line from the SSE client process within " + limit.toSeconds() + " s");
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String part : line.split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                f.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return f;
    }

    // ------------------------------------------------------------------ bookkeeping

    /** A measured stretch of the run: its wall-clock bounds (for JFR) and its CPU use. */
    private static final class Phase {
        final String name;
        final Instant start;
        final CpuUse.Snapshot cpu;
        final ThreadStates writer;
        Instant end;

        Phase(String name, CpuUse.Snapshot cpu, ThreadStates writer) {
            this.name = name;
            this.start = Instant.now();
            this.cpu = cpu;
            this.writer = writer;
        }
    }

    private Phase begin(String name) {
        System.out.printf("… %s%n", name);
        Phase p = new Phase(name, CpuUse.take(server.pid()), ThreadStates.watch(server.pid(), "usher-db-writer", "db writer"));
        phases.add(p);
        return p;
    }

    private void end(Phase p) {
        p.end = Instant.now();
        log("  CPU in cores during %s: %s", p.name, CpuUse.between(p.cpu, CpuUse.take(server.pid())));
        if (p.writer != null) {
            String states = p.writer.summary();
            if (!p.name.startsWith("SSE") && !p.name.startsWith("GET")) {
                log("  %s", states);
            }
        }
    }

    private void logWrk(Wrk.Result r) {
        log("%s: %,d requests in %.1f s = %s req/s (%s); latency p50 %s, p90 %s, p99 %s, max %s; socket errors %d, timeouts %d",
                r.name(), r.requests(), r.seconds(), Table.fmt(r.requestsPerSecond()), r.statusSummary(),
                ms(r.p50Us()), ms(r.p90Us()), ms(r.p99Us()), ms(r.maxUs()), r.socketErrors(), r.timeouts());
    }

    private void logSpread(String name, SpreadLoad.Result r) {
        Map<Integer, Long> s = r.statuses();
        log("%s from %,d loopback addresses (Java client, %d connections): %,d requests in %.1f s = %s req/s (%s); p50 %s, p99 %s; broken connections %d",
                name, r.addresses(), plan.connections(), r.requests(), r.seconds(), Table.fmt(r.requests() / r.seconds()), s,
                ms(r.p50Us()), ms(r.p99Us()), r.socketErrors());
    }

    private void log(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        raw.add(line);
        System.out.println("  " + line);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }

    private void cleanUp() {
        if (sseProcess != null) {
            sseProcess.destroyForcibly();
        }
        if (server != null) {
            server.stop();
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

    static String rate(double perSecond) {
        return Table.fmt(perSecond) + "/s";
    }

    static String ms(long micros) {
        return micros >= 10_000 ? String.format(Locale.ROOT, "%.0f ms", micros / 1000.0) : String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }

    static String mb(long kb) {
        return kb < 0 ? "?" : String.format(Locale.ROOT, "%.0f MB", kb / 1024.0);
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static long openFileLimit() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (l.startsWith("Max open files")) {
                    return Long.parseLong(l.substring("Max open files".length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // Not Linux: assume enough.
        }
        return Long.MAX_VALUE;
    }

    static String gitDescription() {
        try {
            Process p = new ProcessBuilder("git", "describe", "--always", "--dirty").redirectErrorStream(true).start();
            String outText = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 ? outText : "not a git checkout";
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }
}
