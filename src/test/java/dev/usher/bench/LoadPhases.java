package dev.usher.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.usher.bench.PerfRun.require;
import static dev.usher.bench.Table.ms;

/**
 * The HTTP rows, each measured next to its in-run reference: ticket issuance; check-ins against
 * {@code GET /api/event} and raw SQLite commits (and the writer thread's CPU per check-in); QR images
 * against ZXing's own PNG path, from the many-address Java client. Each endpoint gets a short warm-up
 * run first.
 */
final class LoadPhases {
    /** The check-in row and its references: the better of each reference's two measurements. */
    record CheckIns(Wrk.Result run, boolean ranOut, double eventRate, long eventP99Us, double sqliteCommits, long writerCpuNanos) {
    }

    record QrImages(double zxingPngs, SpreadLoad.Result spread, SpreadLoad.Result repeat) {
    }

    private final PerfPlan plan;
    private final Wrk wrk;
    private final ServerProcess server;
    private final Path work;
    private final RunLog log;
    /** What the Lua scripts read: the admin token, a word unique to the run, the file of codes. */
    private final Map<String, String> env = new LinkedHashMap<>();

    LoadPhases(PerfPlan plan, Wrk wrk, ServerProcess server, Path work, RunLog log, String token, String runId) {
        this.plan = plan;
        this.wrk = wrk;
        this.server = server;
        this.work = work;
        this.log = log;
        env.putAll(Map.of("PERF_TOKEN", token, "PERF_RUN", runId + "w"));
    }

    /** First of the rows, so that its tickets join the codes for check-ins. */
    Wrk.Result issueTickets(String runId) throws IOException {
        wrk.run("warm-up", "issue.lua", server.baseUrl() + "/api/tickets", env, plan.warmUp());
        env.put("PERF_RUN", runId);
        return measure("POST /api/tickets", "POST /api/tickets", "issue.lua", "/api/tickets", 201, "no ticket was issued (201): ");
    }

    CheckIns checkIns(TicketCodes codes) throws IOException, SQLException {
        env.put("PERF_CODES", codes.checkInFile().toAbsolutePath().toString());
        double sqliteBefore = RawReferences.sqliteCommitsPerSecond(work, plan.refWarmUp(), plan.refMeasure());
        wrk.run("warm-up", "get.lua", server.baseUrl() + "/api/event", env, plan.warmUp());
        Wrk.Result event = measure("GET /api/event", "GET /api/event", "get.lua", "/api/event", 200, "GET /api/event got no 200 answers: ");

        env.put("PERF_CODES", codes.warmUpFile().toAbsolutePath().toString());
        wrk.run("warm-up", "checkin.lua", server.baseUrl() + "/api/checkins", env, plan.warmUp());
        env.put("PERF_CODES", codes.checkInFile().toAbsolutePath().toString());
        RunLog.Phase checkInPhase = log.begin("POST /api/checkins", server);
        Wrk.Result checkIns = wrk.run("POST /api/checkins", "checkin.lua", server.baseUrl() + "/api/checkins", env);
        require(checkIns.count(201) > 0, "no check-in was admitted (201): " + checkIns.statusSummary());
        log.wrk(checkIns);
        log.end(checkInPhase, server);
        long writerCpuNanos = checkInPhase.writerCpuNanos;
        require(writerCpuNanos >= 0, "no schedstat for the server's usher-db-writer thread (has it been renamed?)");
        log.line("  db writer CPU during the check-ins: %.3f s for %,d admitted = %.1f µs per check-in",
                writerCpuNanos / 1e9, checkIns.count(201), writerCpuNanos / 1e3 / checkIns.count(201));
        boolean ranOut = checkIns.requests() > codes.checkIns().size();
        if (ranOut) {
            log.line("  not enough distinct tickets: %,d requests for %,d codes; the repeats answered 200 already_redeemed, so check-ins/s is a lower bound",
                    checkIns.requests(), codes.checkIns().size());
        }

        // The fsync behind each raw commit is what varies most on a shared disk: measured before and
        // after the check-ins, and the better of the two is the reference.
        double sqliteAfter = RawReferences.sqliteCommitsPerSecond(work, plan.refWarmUp(), plan.refMeasure());
        double sqlite = Math.max(sqliteBefore, sqliteAfter);
        require(sqlite > 0, "raw SQLite made no commits");
        log.line("raw SQLite (this JVM, one thread, WAL + synchronous=FULL, one INSERT per transaction, file in %s): %s commits/s before the check-ins, %s after; reference %s",
                work.getParent(), Table.fmt(sqliteBefore), Table.fmt(sqliteAfter), Table.fmt(sqlite));

        // The reference once more, after the check-ins: the better of the two is used (higher rate,
        // lower p99), since a noisy neighbour can only make a reference look worse than the machine is.
        double eventRate = event.perSecond(200);
        long eventP99 = event.p99Us();
        if (!plan.smoke()) {
            Wrk.Result eventAgain = measure("GET /api/event (again)", "GET /api/event (again, after the check-ins)", "get.lua", "/api/event", 0, null);
            eventRate = Math.max(eventRate, eventAgain.perSecond(200));
            eventP99 = Math.min(eventP99, eventAgain.p99Us());
            log.line("  reference for the table: the better of the two GET /api/event runs: %s req/s, p99 %s", Table.fmt(eventRate), ms(eventP99));
        }
        return new CheckIns(checkIns, ranOut, eventRate, eventP99, sqlite, writerCpuNanos);
    }

    QrImages qrImages(List<String> codes) throws Exception {
        double zxing = RawReferences.zxingPngsPerSecond(codes.subList(0, Math.min(500, codes.size())), plan.refWarmUp(), plan.refMeasure());
        require(zxing > 0, "ZXing made no PNGs");
        log.line("raw ZXing (this JVM, one thread, QRCodeWriter 300×300 px EC M + MatrixToImageWriter.toBufferedImage + ImageIO.write PNG): %s PNG/s",
                Table.fmt(zxing));
        SpreadLoad spread = new SpreadLoad("127.0.0.1", server.port());
        int half = codes.size() / 2;
        spread.run(i -> "/t/" + codes.get((half + codes.size() / 4 + i) % codes.size()) + "/qr.png",
                plan.connections(), plan.warmUp(), 50);
        RunLog.Phase p = log.begin("GET /t/{code}/qr.png (many addresses)", server);
        SpreadLoad.Result qrSpread = spread.run(i -> "/t/" + codes.get((half + i) % codes.size()) + "/qr.png",
                plan.connections(), plan.spread(), 50);
        require(qrSpread.count(200) > 0, "no QR image was served to the spread client: " + qrSpread.statuses());
        log.spread("GET /t/{code}/qr.png", qrSpread, plan.connections());
        log.end(p, server);
        List<String> fewCodes = codes.subList(half / 2, Math.min(codes.size(), half / 2 + 200));
        p = log.begin("GET /t/{code}/qr.png (200 tickets over and over)", server);
        SpreadLoad.Result qrRepeat = spread.run(i -> "/t/" + fewCodes.get(i % fewCodes.size()) + "/qr.png",
                plan.connections(), plan.smoke() ? plan.spread() : plan.spread().dividedBy(2), 50);
        require(qrRepeat.count(200) > 0, "no QR image was served to the spread client: " + qrRepeat.statuses());
        log.spread("GET /t/{code}/qr.png, the same " + fewCodes.size() + " tickets over and over", qrRepeat, plan.connections());
        log.end(p, server);
        SpreadLoad.Result eventSpread = spread.run(i -> "/api/event", plan.connections(), plan.smoke() ? plan.warmUp() : plan.spread().dividedBy(2), 50);
        log.spread("GET /api/event (the same Java client's ceiling)", eventSpread, plan.connections());
        return new QrImages(zxing, qrSpread, qrRepeat);
    }

    /** One measured wrk row; with a {@code failure} message, at least one answer must have had {@code status}. */
    private Wrk.Result measure(String phase, String name, String script, String path, int status, String failure) throws IOException {
        RunLog.Phase p = log.begin(phase, server);
        Wrk.Result r = wrk.run(name, script, server.baseUrl() + path, env);
        if (failure != null) {
            require(r.count(status) > 0, failure + r.statusSummary());
        }
        log.wrk(r);
        log.end(p, server);
        return r;
    }
}
