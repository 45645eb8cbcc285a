package dev.usher.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static dev.usher.bench.Table.mb;

/**
 * "Fast at the door": every figure of the performance targets, measured in one run against
 * references measured in the same run (see bench/README.md). Started by {@code bench/perf/run.sh},
 * which builds the jar and puts the test classpath together:
 * <pre>
 *   java -cp ... dev.usher.bench.PerfRun --jar target/usher.jar --scripts bench/perf [--smoke] [--jfr] [--keep]
 * </pre>
 * Exit status: 0 when the run worked (and, in a full run, every target was met), 2 when a full run
 * missed a target, 1 when the harness itself failed.
 *
 * <p>This class runs the phases in their order; each phase is a class of its own ({@link GuestImport},
 * {@link LoadPhases}, {@link SsePhase}, {@link DoorsOpen}), and {@link PerfReport} makes the table.
 */
public final class PerfRun {
    private final PerfOptions options;
    private final PerfPlan plan;
    private final String token = "perf-admin-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final Http http = new Http();
    private final RunLog log = new RunLog();
    private final NativeMemory memory;
    private final AtomicLong peakRssKb = new AtomicLong(-1);
    private Path work;
    private Path serverLog;
    private volatile ServerProcess server;
    private SsePhase ssePhase;

    private PerfRun(PerfOptions options) {
        this.options = options;
        this.plan = options.plan();
        this.memory = new NativeMemory(options.nmt(), log);
    }

    public static void main(String[] args) {
        PerfRun run = new PerfRun(PerfOptions.parse(args));
        int status;
        try {
            status = run.run();
        } catch (Throwable e) {
            System.out.flush();
            System.err.println();
            System.err.println("PERF HARNESS FAILED: " + e);
            e.printStackTrace();
            if (run.server != null) {
                if (!run.server.alive()) {
                    // A dead server is the server's failure, not the harness's: say so before its log.
                    System.err.println("THE SERVER HAD EXITED (status " + run.server.exitValue() + "); see the end of its output");
                }
                System.err.println("--- server output (last lines) ---\n" + run.server.tail(30));
            }
            status = 1;
        } finally {
            run.cleanUp();
        }
        System.exit(status);
    }

    /** A broken step of the harness (not a missed target): the run stops with exit status 1. */
    static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }

    private int run() throws Exception {
        Instant began = Instant.now();
        String loadBefore = Machine.loadAverage();
        Files.createDirectories(options.outFolder());
        work = Files.createTempDirectory(options.outFolder(), "perf-work-");
        serverLog = work.resolve("server.log");
        Path data = work.resolve("data");
        Wrk wrk = new Wrk(options.scripts(), plan.connections(), plan.wrk());
        String wrkLine = wrk.describe();
        checkMachine(began, loadBefore);

        int port = ServerProcess.freePort();
        startServer(data, port);
        double signingBefore = RawReferences.signaturesPerSecond(work, plan.refWarmUp(), plan.refMeasure());
        RunLog.Phase importPhase = log.begin("import", server);
        GuestImport.Result imported = new GuestImport(plan.guests(), runId, token, http, log).run(server, work, "import");
        log.end(importPhase, server);
        memory.note(server, "after the import");
        double signing = signingReference(signingBefore);

        LoadPhases load = new LoadPhases(plan, wrk, server, work, log, token, runId);
        Wrk.Result issued = load.issueTickets(runId);
        TicketCodes codes = TicketCodes.read(data.resolve("usher.db"), plan, work, log);
        codes.checkThroughApi(http, server);
        LoadPhases.CheckIns checkIns = load.checkIns(codes);
        LoadPhases.QrImages qr = load.qrImages(codes.load());
        memory.note(server, "after the HTTP load, before the SSE clients");

        Map<Integer, SsePhase.Result> sse = sseClients(codes.sse());
        DoorsOpen.Result doors = new DoorsOpen(plan, token, runId, http, log).run(server, ssePhase, codes.doors(), work);
        log.line("server peak RSS over the whole run (sampled every 100 ms): %s", mb(peakRssKb.get()));
        long restRssKb = rssAtRest();
        memory.note(server, "at the end of the run");

        PerfReport.StartUps startUps = startUps(data, port);
        String loadAfter = Machine.loadAverage();
        log.line("load average at the end: %s", loadAfter);

        PerfReport report = new PerfReport(options, plan);
        Table table = report.table(new PerfReport.Figures(imported, signing, issued, checkIns, qr, sse, doors, restRssKb, startUps));
        String text = report.text(table, new PerfReport.Run(began, loadBefore, loadAfter, wrkLine), log);
        System.out.println();
        System.out.print(text);
        Files.writeString(options.out(), text, StandardCharsets.UTF_8);
        System.out.println("(also in " + options.out() + ")");
        return plan.smoke() || table.missed() == 0 ? 0 : 2;
    }

    /** Logs what the run is on, and stops it if the open-file limit is too low for the SSE clients. */
    private void checkMachine(Instant began, String loadBefore) {
        log.line("%s run, %s; load average %s; %d cores; fd limit %s", plan.smoke() ? "Smoke" : "Full",
                began.atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")), loadBefore,
                Runtime.getRuntime().availableProcessors(), Machine.openFileLimit());
        int need = plan.sseClients().stream().mapToInt(Integer::intValue).max().orElse(0) + 500;
        if (Machine.openFileLimit() < need) {
            throw new IllegalStateException("the open-file limit is " + Machine.openFileLimit() + "; " + need
                    + " are needed for the SSE clients (run.sh raises it with ulimit -n; run as a user who may)");
        }
    }

    /** The server, as it ships, in its own process; its RSS is sampled every 100 ms while it lives. */
    private void startServer(Path data, int port) throws IOException {
        List<String> flags = new ArrayList<>(options.serverFlags());
        if (options.jfr()) {
            flags.add("-XX:StartFlightRecording=filename=" + options.outFolder().resolve("server.jfr")
                    + ",settings=profile,dumponexit=true");
        }
        if (options.nmt()) {
            flags.add("-XX:NativeMemoryTracking=summary");
        }
        long t0 = System.nanoTime();
        server = ServerProcess.start(options.jar(), flags, data, port, token, serverLog);
        Duration firstStart = server.awaitReady(http, t0, Duration.ofSeconds(60));
        log.line("server: %s (pid %d), first start (empty data folder) answered after %d ms",
                String.join(" ", server.command()).replace(token, "…"), server.pid(), firstStart.toMillis());
        log.line("server JVM flags: %s", options.serverFlagsWhy());
        log.line("server at rest: RSS %s, %d fds", mb(server.rssKb()), server.fds());
        Thread rssWatch = new Thread(() -> {
            ServerProcess first = server;
            while (first != null && first.alive()) {
                peakRssKb.accumulateAndGet(first.rssKb(), Math::max);
                ServerProcess.sleep(100);
            }
        }, "rss-watch");
        rssWatch.setDaemon(true);
        rssWatch.start();
    }

    /** The signing reference measured once more after the import; the better of the two (a neighbour can only slow it down). */
    private double signingReference(double before) throws IOException, InterruptedException {
        double after = RawReferences.signaturesPerSecond(work, plan.refWarmUp(), plan.refMeasure());
        double best = Math.max(before, after);
        require(best > 0, "the signing reference signed nothing");
        log.line("Ed25519 signing (this JVM, the server's EventKey.issue: random serial + BouncyCastle signature, %d threads): %s codes/s before the import, %s after; reference %s",
                Runtime.getRuntime().availableProcessors(), Table.fmt(before), Table.fmt(after), Table.fmt(best));
        return best;
    }

    /** The server's RSS once every phase is over, its clients gone and the server left alone for a while. */
    private long rssAtRest() {
        ServerProcess.sleep(plan.restWait().toMillis());
        long rss = server.rssKb();
        log.line("server RSS at rest after the run (every client gone, then %d s without requests, no GC asked for): %s; %d fds",
                plan.restWait().toSeconds(), mb(rss), server.fds());
        return rss;
    }

    /** Many dashboards: one row per client count of the plan, each with a code of its own for its check-in. */
    private Map<Integer, SsePhase.Result> sseClients(List<String> codes) throws Exception {
        ssePhase = new SsePhase(plan, token, work, log, memory);
        Map<Integer, SsePhase.Result> sse = new LinkedHashMap<>();
        for (int i = 0; i < plan.sseClients().size(); i++) {
            int n = plan.sseClients().get(i);
            RunLog.Phase p = log.begin("SSE " + n + " clients", server);
            sse.put(n, ssePhase.run(server, n, codes.get(i)));
            log.end(p, server);
        }
        return sse;
    }

    /**
     * Stops the server and starts it again on the same data folder (same flags, no JFR), as often as
     * the plan says; before each start, the JVM's floor: the same java and flags on the same jar,
     * running {@code dev.usher.ops.JvmFloor}, which exits at once (process start to exit).
     */
    private PerfReport.StartUps startUps(Path data, int port) throws Exception {
        long tickets = TicketCodes.countTickets(data.resolve("usher.db"));
        server.stop();
        server = null;
        List<Long> starts = new ArrayList<>();
        List<Long> floors = new ArrayList<>();
        for (int i = 0; i < plan.restarts(); i++) {
            floors.add(jvmFloorMillis());
            long t = System.nanoTime();
            server = ServerProcess.start(options.jar(), options.serverFlags(), data, port, token, serverLog);
            starts.add(server.awaitReady(http, t, Duration.ofSeconds(60)).toMillis());
            server.stop();
            server = null;
        }
        long startMs = median(starts);
        long floorMs = median(floors);
        log.line("start-up with %,d tickets in the data folder (process start → first 200 from GET /api/event, polled every 5 ms, same flags, no JFR): %s ms; median %d ms",
                tickets, starts, startMs);
        log.line("JVM floor (java %s -cp %s dev.usher.ops.JvmFloor: an empty main, process start → exit), before each start: %s ms; median %d ms",
                String.join(" ", options.serverFlags()), options.jar(), floors, floorMs);
        return new PerfReport.StartUps(tickets, starts, startMs, floors, floorMs);
    }

    private long jvmFloorMillis() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options.serverFlags());
        command.addAll(List.of("-cp", options.jar().toAbsolutePath().toString(), "dev.usher.ops.JvmFloor"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(serverLog.toFile()));
        long t = System.nanoTime();
        Process p = pb.start();
        require(p.waitFor(60, TimeUnit.SECONDS), "the JVM floor did not exit within 60 s: " + command);
        long millis = (System.nanoTime() - t) / 1_000_000;
        require(p.exitValue() == 0, "the JVM floor exited with " + p.exitValue() + " (is dev.usher.ops.JvmFloor in the jar?): " + command);
        return millis;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private void cleanUp() {
        if (ssePhase != null) {
            ssePhase.killClients();
        }
        if (server != null) {
            server.stop();
        }
        if (work != null && !options.keep()) {
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
