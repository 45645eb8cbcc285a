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
    record Figures(GuestImport.Result imported, Wrk.Result issued, LoadPhases.CheckIns checkIns, LoadPhases.QrImages qr,
                   Map<Integer, SsePhase.Result> sse, StartUps startUps) {
    }

    /** Start-up with the run's tickets in the data folder: process start to the first 200, each time. */
    record StartUps(long tickets, List<Long> millis, long medianMs) {
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

    Table table(Figures f) {
        Table table = new Table(!plan.smoke());
        httpRows(table, f);
        importAndStartRows(table, f);
        for (Map.Entry<Integer, SsePhase.Result> e : f.sse().entrySet()) {
            sseRow(table, e.getKey(), e.getValue());
        }
        return table;
    }

    private void httpRows(Table table, Figures f) {
        LoadPhases.CheckIns c = f.checkIns();
        double checkInRate = c.run().perSecond(201);
        String ranOutNote = c.ranOut() ? "the codes ran out: a lower bound" : null;
        table.atLeast("check-ins/s (distinct tickets, " + plan.connections() + " connections) ÷ `GET /api/event` req/s",
                rate(checkInRate), rate(c.eventRate()), checkInRate / c.eventRate(), 0.6, ranOutNote);
        table.atLeast("check-ins/s ÷ raw single-row FULL commits/s (in-process SQLite)",
                rate(checkInRate), rate(c.sqliteCommits()), checkInRate / c.sqliteCommits(), 5, ranOutNote);
        double p99Ratio = (double) c.run().p99Us() / c.eventP99Us();
        table.atMost("check-in p99 ÷ `GET /api/event` p99 (same 64 connections, saturated)", ms(c.run().p99Us()), ms(c.eventP99Us()),
                Table.fmt(p99Ratio), p99Ratio, 1.5, "≤ 1.5", null);
        LoadPhases.QrImages q = f.qr();
        double zxing = q.zxingPngs();
        double qrRate = q.wrk().perSecond(200);
        table.atLeast("`/t/{code}/qr.png` req/s (wrk, one client address) ÷ in-process `MatrixToImageWriter` PNG/s (300 px)",
                rate(qrRate), rate(zxing), qrRate / zxing, 5,
                q.wrk().count(429) > 0 ? String.format(Locale.ROOT, "%,d of %,d answers were 429: ticket pages are limited to 20/s per address, admin token or not",
                        q.wrk().count(429), q.wrk().requests()) : null);
        double qrSpreadRate = q.spread().perSecond(200);
        table.atLeast("`/t/{code}/qr.png` req/s (Java client, a new loopback address every 50 requests; every request a different ticket) ÷ the same",
                rate(qrSpreadRate), rate(zxing), qrSpreadRate / zxing, 5,
                q.spread().count(429) > 0 ? String.format(Locale.ROOT, "%,d × 429", q.spread().count(429)) : null);
        double qrRepeatRate = q.repeat().perSecond(200);
        table.atLeast("`/t/{code}/qr.png` req/s (Java client as above, the same 200 tickets over and over: what a cache can do) ÷ the same",
                rate(qrRepeatRate), rate(zxing), qrRepeatRate / zxing, 5, null);
        double issueRate = f.issued().perSecond(201);
        table.atLeast("ticket issuance (`POST /api/tickets`) tickets/s ÷ check-ins/s", rate(issueRate), rate(checkInRate),
                issueRate / checkInRate, 0.3, null);
    }

    private void importAndStartRows(Table table, Figures f) {
        GuestImport.Result imported = f.imported();
        String importWhat = String.format(Locale.ROOT, "%,d-line CSV guest list import (`POST /api/tickets/import`)", plan.guests());
        table.atMost(importWhat + ": time", String.format(Locale.ROOT, "%.1f s", imported.seconds()), "", "",
                imported.seconds(), 10, "≤ 10 s", String.format(Locale.ROOT, "%,.0f tickets/s", plan.guests() / imported.seconds()));
        table.atMost(importWhat + ": server peak RSS", mb(imported.peakRssKb()), "at rest " + mb(imported.restRssKb()), "",
                imported.peakRssKb() / 1024.0, 256, "≤ 256 MB", "server flags " + String.join(" ", options.serverFlags()));
        StartUps s = f.startUps();
        table.atMost(String.format(Locale.ROOT, "server start to first answered request (%,d tickets in the data folder)", s.tickets()),
                String.format(Locale.ROOT, "%.2f s", s.medianMs() / 1000.0), "", "", s.medianMs() / 1000.0, 1.5, "≤ 1.5 s",
                s.millis().size() > 1 ? "median of " + s.millis().size() + ": " + s.millis() + " ms" : null);
    }

    private void sseRow(Table table, int n, SsePhase.Result s) {
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

    /** The whole report: what ran where, the table, the raw figures, with {@code --jfr} where the CPU went. */
    String text(Table table, Run run, RunLog log) throws IOException {
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "Usher doors-open benchmark (%s), %s%n", plan.smoke() ? "SMOKE: tiny counts, no targets judged" : "full run",
                run.began().atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 16).replace('T', ' ') + " UTC"));
        report.append(String.format(Locale.ROOT, "command: %s   (git %s)%n", options.command(), Machine.gitDescription()));
        report.append(String.format(Locale.ROOT, "load average: %s at the start, %s at the end; %d cores%n", run.loadBefore(), run.loadAfter(),
                Runtime.getRuntime().availableProcessors()));
        report.append(String.format(Locale.ROOT, "server: java %s -jar %s (the real jar, its own process, 127.0.0.1, admin token: no rate limit on check-ins and issuance)%n",
                String.join(" ", options.serverFlags()), options.jar()));
        report.append("load: ").append(run.wrkLine()).append("; the QR spread row and SSE clients use Java load generators (test classpath)\n\n");
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
