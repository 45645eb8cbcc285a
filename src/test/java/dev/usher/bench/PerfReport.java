package dev.usher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.usher.bench.Table.mb;
import static dev.usher.bench.Table.ms;
import static dev.usher.bench.Table.rate;

/** The run's result: one table row per target (each figure next to its in-run reference), then the raw figures. */
final class PerfReport {
    /** Everything the rows are made of. */
    record Figures(GuestImport.Result imported, double signingRate, Wrk.Result issued, LoadPhases.CheckIns checkIns, LoadPhases.QrImages qr,
                   Map<Integer, SsePhase.Result> sse, DoorsOpen.Result doors, long restRssKb, StartUps startUps) {
    }

    /** Start-up with the run's tickets in the data folder, process start to the first 200; the JVM's floor, process start to exit. */
    record StartUps(long tickets, List<Long> millis, long medianMs, List<Long> floorMillis, long floorMedianMs) {
    }

    /** What the head of the report says about the run. */
    record Run(Instant began, String loadBefore, String loadAfter, String wrkLine) {
    }

    private final PerfOptions options;
    private final PerfPlan plan;

    PerfReport(PerfOptions options, PerfPlan plan) {
        this.options = options;
        this.plan = plan;
    }

    /** The targets of issue 15 in its order, then the rows kept from before (issuance, the import's own figures, 1,000 SSE clients). */
    Table table(Figures f) {
        Table table = new Table(!plan.smoke());
        checkInRows(table, f.checkIns());
        doorsOpenRow(table, f.doors());
        importRow(table, f);
        startUpRow(table, f.startUps());
        int largest = f.sse().keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        sseRow(table, largest, f.sse().get(largest));
        qrRow(table, f.qr());
        table.atMost("server RSS at rest after the full run (every client gone, " + plan.restWait().toSeconds() + " s idle)",
                mb(f.restRssKb()), "", "", f.restRssKb() / 1024.0, 256, "≤ 256 MB", "server flags " + String.join(" ", options.serverFlags()));

        double checkInRate = f.checkIns().run().perSecond(201);
        double issueRate = f.issued().perSecond(201);
        table.atLeast("ticket issuance (`POST /api/tickets`) tickets/s ÷ check-ins/s", rate(issueRate), rate(checkInRate),
                issueRate / checkInRate, 0.3, null);
        GuestImport.Result imported = f.imported();
        String importWhat = String.format(Locale.ROOT, "%,d-line CSV guest list import (`POST /api/tickets/import`)", plan.guests());
        table.atMost(importWhat + ": time", String.format(Locale.ROOT, "%.1f s", imported.seconds()), "", "",
                imported.seconds(), 10, "≤ 10 s", null);
        table.atMost(importWhat + ": server peak RSS", mb(imported.peakRssKb()), "at rest " + mb(imported.restRssKb()), "",
                imported.peakRssKb() / 1024.0, 256, "≤ 256 MB", "server flags " + String.join(" ", options.serverFlags()));
        f.sse().forEach((n, r) -> {
            if (n != largest) {
                sseRow(table, n, r);
            }
        });
        return table;
    }

    private void checkInRows(Table table, LoadPhases.CheckIns c) {
        double checkInRate = c.run().perSecond(201);
        String ranOutNote = c.ranOut() ? "the codes ran out: a lower bound" : null;
        table.atLeast("check-ins/s (distinct tickets, " + plan.connections() + " connections) ÷ `GET /api/event` req/s",
                rate(checkInRate), rate(c.eventRate()), checkInRate / c.eventRate(), 0.6, ranOutNote);
        table.atLeast("check-ins/s ÷ raw single-row FULL commits/s (in-process SQLite)",
                rate(checkInRate), rate(c.sqliteCommits()), checkInRate / c.sqliteCommits(), 2.5, ranOutNote);
        double writerUs = c.writerCpuNanos() / 1e3 / Math.max(1, c.run().count(201));
        table.atMost("db writer thread's CPU per check-in (its schedstat CPU time during the check-in row ÷ check-ins admitted)",
                String.format(Locale.ROOT, "%.1f µs", writerUs),
                String.format(Locale.ROOT, "%.2f s CPU for %,d check-ins", c.writerCpuNanos() / 1e9, c.run().count(201)), "",
                writerUs, 20, "≤ 20 µs", null);
        double p99Ratio = (double) c.run().p99Us() / c.eventP99Us();
        table.atMost("check-in p99 ÷ `GET /api/event` p99 (same 64 connections, saturated)", ms(c.run().p99Us()), ms(c.eventP99Us()),
                Table.fmt(p99Ratio), p99Ratio, 1.5, "≤ 1.5", null);
    }

    private void doorsOpenRow(Table table, DoorsOpen.Result d) {
        boolean measured = d.counted() > 0;
        List<String> why = new ArrayList<>();
        if (!measured) {
            why.add("no scan was scheduled while the import ran");
        } else if (d.p99Us() > 50_000) {
            why.add(String.format(Locale.ROOT, "p99 %s, %.1f× over", ms(d.p99Us()), d.p99Us() / 50_000.0));
        }
        if (d.notAdmitted() > 0) {
            why.add(String.format(Locale.ROOT, "%,d of %,d scans not admitted %s", d.notAdmitted(), d.counted(), d.statuses()));
        }
        if (d.dashboardsHeld() < d.dashboards()) {
            why.add(String.format(Locale.ROOT, "only %,d of %,d dashboards held", d.dashboardsHeld(), d.dashboards()));
        }
        if (d.ranOut()) {
            why.add("the reserved codes ran out");
        }
        table.check(String.format(Locale.ROOT, "doors open: %d kiosks (own tokens and addresses, a scan per %d s each, open loop: latency from the"
                                + " scheduled send time) + %,d dashboards on `GET /api/stats/stream` + a %,d-line import: check-in latency of the scans made while the import ran",
                        d.kiosks(), plan.doorScanEvery().toSeconds(), d.dashboards(), plan.doorGuests()),
                measured ? String.format(Locale.ROOT, "p99 %s (p50 %s, max %s); %,d scans, %,d not admitted", ms(d.p99Us()), ms(d.p50Us()),
                        ms(d.maxUs()), d.counted(), d.notAdmitted()) : "no scans",
                String.format(Locale.ROOT, "import took %.1f s; %,d of %,d dashboards held", d.importSeconds(), d.dashboardsHeld(), d.dashboards()),
                "p99 ≤ 50 ms, every scan admitted (201)", why.isEmpty(), String.join("; ", why));
    }

    private void importRow(Table table, Figures f) {
        double importRate = plan.guests() / f.imported().seconds();
        table.atLeast(String.format(Locale.ROOT, "%,d-line import tickets/s ÷ in-run Ed25519 signing rate on all %d cores (the server's `EventKey.issue`)",
                        plan.guests(), Runtime.getRuntime().availableProcessors()),
                rate(importRate), rate(f.signingRate()), importRate / f.signingRate(), 0.8,
                String.format(Locale.ROOT, "import %.1f s", f.imported().seconds()));
    }

    private void startUpRow(Table table, StartUps s) {
        double ratio = (double) s.medianMs() / Math.max(1, s.floorMedianMs());
        table.atMost(String.format(Locale.ROOT, "server start → first answered request (%,d tickets in the data folder) ÷ the JVM's floor"
                        + " (same java, flags and jar, an empty main)", s.tickets()),
                String.format(Locale.ROOT, "%.2f s", s.medianMs() / 1000.0), String.format(Locale.ROOT, "%.2f s", s.floorMedianMs() / 1000.0),
                Table.fmt(ratio), ratio, 3, "≤ 3",
                s.millis().size() > 1 ? "medians of " + s.millis().size() + ": starts " + s.millis() + " ms, floors " + s.floorMillis() + " ms" : null);
    }

    private void qrRow(Table table, LoadPhases.QrImages q) {
        double zxing = q.zxingPngs();
        double qrSpreadRate = q.spread().perSecond(200);
        table.atLeast("`/t/{code}/qr.png` PNG/s, every request a different ticket (Java client, a new loopback address every 50 requests)"
                        + " ÷ in-process `MatrixToImageWriter` PNG/s (300 px, one thread)",
                rate(qrSpreadRate), rate(zxing), qrSpreadRate / zxing, 10,
                q.spread().count(429) > 0 ? String.format(Locale.ROOT, "%,d × 429", q.spread().count(429)) : null);
    }

    private void sseRow(Table table, int n, SsePhase.Result s) {
        long worstAllowed = PerfPlan.sseWorstAllowed(n).toMillis();
        String allowed = worstAllowed >= 1000 ? worstAllowed / 1000 + " s" : worstAllowed + " ms";
        boolean held = s.held() == n;
        boolean quick = s.checkInStatus() == 201 && s.seen() == s.watched() && s.worstMs() >= 0 && s.worstMs() <= worstAllowed;
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
        table.check(String.format(Locale.ROOT, "%,d SSE clients on `GET /api/stats/stream`: each sees a check-in ≤ " + allowed + " later; server fds back after they vanish", n),
                String.format(Locale.ROOT, "held %,d; %,d saw it, worst %.0f ms, p99 %.0f ms; RSS %s; fds back after %s",
                        s.held(), s.seen(), s.worstMs(), s.p99Ms(), mb(s.rssWithKb()),
                        s.fdsBackAfterSeconds() < 0 ? "> " + plan.fdWatch().toSeconds() + " s" : String.format(Locale.ROOT, "%.0f s", s.fdsBackAfterSeconds())),
                String.format(Locale.ROOT, "fds %,d before, %,d with; RSS %s before", s.fdsBefore(), s.fdsWith(), mb(s.rssBeforeKb())),
                "all held, each ≤ " + allowed + ", fds back ≤ 30 s (2 heartbeats)", held && quick && back && s.serverErrors() == 0, String.join("; ", why));
    }

    /** The whole report: what ran where, the table, the raw figures, with {@code --jfr} where the CPU went. */
    String text(Table table, Run run, RunLog log) throws IOException {
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "Usher doors-open benchmark (%s), %s%n", plan.smoke() ? "SMOKE: tiny counts, no targets judged" : "full run",
                run.began().atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 16).replace('T', ' ') + " UTC"));
        report.append(String.format(Locale.ROOT, "command: %s   (git %s)%n", options.command(), Machine.gitDescription()));
        report.append(String.format(Locale.ROOT, "load average: %s at the start, %s at the end; %d cores%n", run.loadBefore(), run.loadAfter(),
                Runtime.getRuntime().availableProcessors()));
        report.append(String.format(Locale.ROOT, "server: java %s -jar %s (the real jar, its own process, 127.0.0.1; wrk rows use the admin token: no rate limit on check-ins and issuance; the doors-open kiosks their own device tokens)%n",
                String.join(" ", options.serverFlags()), options.jar()));
        report.append("load: ").append(run.wrkLine()).append("; the QR row, the doors-open kiosks and the SSE clients use Java load generators (test classpath)\n\n");
        report.append(table.markdown());
        report.append("\nRaw figures:\n");
        log.lines().forEach(l -> report.append("  ").append(l).append('\n'));
        if (options.jfr()) {
            Path recording = options.outFolder().resolve("server.jfr");
            if (Files.exists(recording)) {
                report.append("\nWhere the server's CPU went (JFR execution samples, ").append(recording).append("):");
                report.append(JfrHotspots.summarize(recording, log.jfrPhases(), 8));
            }
        }
        if (plan.smoke()) {
            report.append("\nSmoke run: the harness works end to end; the figures above are not meant to be compared with targets.\n");
        } else {
            report.append(String.format(Locale.ROOT, "%n%d of %d targets missed.%n", table.missed(), table.rows().size()));
        }
        return report.toString();
    }
}
