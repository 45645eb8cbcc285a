package dev.usher.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static dev.usher.bench.PerfRun.require;
import static dev.usher.bench.Table.ms;

/**
 * The doors-open row: kiosks scanning at a person's pace ({@link KioskLoad}, each paired as a kiosk
 * of its own through {@code POST /api/kiosks}), dashboards on the live stream ({@link SsePhase#hold}),
 * and a guest-list import started after a short lead-in. The row is the check-in latency of the scans
 * scheduled while the import ran, and how many of them were not admitted.
 */
record DoorsOpen(PerfPlan plan, String token, String runId, Http http, RunLog log) {
    /**
     * @param counted  the scans scheduled while the import ran (the row's sample)
     * @param statuses what those answered (-1: no answer)
     */
    record Result(int kiosks, int dashboards, int dashboardsHeld, double importSeconds, int leadInScans, int counted,
                  Map<Integer, Long> statuses, long p50Us, long p99Us, long maxUs, boolean ranOut) {
        long admitted() {
            return statuses.getOrDefault(201, 0L);
        }

        long notAdmitted() {
            return counted - admitted();
        }
    }

    /** public/kiosk/offline-mode.js: ANSWER_WITHIN_MS. */
    private static final long KIOSK_GIVES_UP_AFTER_NANOS = 2_000_000_000L;

    Result run(ServerProcess server, SsePhase dashboards, List<String> codes, Path work) throws Exception {
        List<String> tokens = pairKiosks(server);
        SsePhase.Held held = dashboards.hold(server, plan.doorDashboards());
        require(held.held() > 0, "no dashboard got a snapshot for the doors-open phase");
        KioskLoad kiosks = new KioskLoad(new InetSocketAddress("127.0.0.1", server.port()), tokens, codes, plan.doorScanEvery());
        RunLog.Phase phase = log.begin("doors open", server);
        long start = System.nanoTime();
        kiosks.start(start);
        ServerProcess.sleep(plan.doorLeadIn().toMillis());
        long importStart = System.nanoTime();
        GuestImport.Result imported = new GuestImport(plan.doorGuests(), runId + "d", token, http, log)
                .run(server, work, "import during doors-open");
        long importEnd = System.nanoTime();
        List<KioskLoad.Scan> scans = kiosks.stopAt(importEnd);
        log.end(phase, server);
        SsePhase.FdsBack back = dashboards.release(server, held);

        require(scans.stream().anyMatch(s -> s.status() == 201), "no kiosk scan was admitted in the doors-open phase: "
                + statuses(scans));
        List<KioskLoad.Scan> during = scans.stream()
                .filter(s -> s.scheduledNanos() >= importStart && s.scheduledNanos() < importEnd).toList();
        long[] latencies = during.stream().mapToLong(KioskLoad.Scan::latencyNanos).sorted().toArray();
        Result r = new Result(tokens.size(), held.clients(), held.held(), imported.seconds(), scans.size() - during.size(), during.size(),
                statuses(during), SpreadLoad.percentile(latencies, 50), SpreadLoad.percentile(latencies, 99),
                latencies.length == 0 ? -1 : latencies[latencies.length - 1] / 1000, kiosks.ranOut());
        log.line("doors open: %d kiosks (own device tokens, own addresses, a scan every %.1f s each, open loop) + %,d of %,d dashboards held"
                        + " + a %,d-line import (%.1f s): %,d scans while the import ran: %s; latency from the scheduled time p50 %s, p99 %s, max %s;"
                        + " %,d more scans before it (lead-in, not counted: %s)%s",
                r.kiosks(), plan.doorScanEvery().toMillis() / 1000.0, r.dashboardsHeld(), r.dashboards(), plan.doorGuests(), r.importSeconds(),
                r.counted(), r.statuses(), r.p50Us() < 0 ? "-" : ms(r.p50Us()), r.p99Us() < 0 ? "-" : ms(r.p99Us()),
                r.maxUs() < 0 ? "-" : ms(r.maxUs()), r.leadInScans(), leadInStatuses(scans, importStart),
                r.ranOut() ? "; THE RESERVED CODES RAN OUT: scans stopped early" : "");
        long slow = during.stream().filter(x -> x.latencyNanos() > KIOSK_GIVES_UP_AFTER_NANOS).count();
        log.line("  %,d of those scans took over 2 s from their scheduled time, when the kiosk page (ANSWER_WITHIN_MS) stops waiting and decides offline;"
                + " this client waits up to 30 s", slow);
        kiosks.firstRefusals().forEach((status, body) -> log.line("  first scan answered %d: %s", status,
                body.length() > 300 ? body.substring(0, 300) + "…" : body));
        log.line("  dashboards killed after the phase; server fds back after %s (%s)",
                back.seconds() < 0 ? "> " + plan.fdWatch().toSeconds() + " s" : String.format(Locale.ROOT, "%.0f s", back.seconds()),
                String.join(" ", back.timeline()));
        return r;
    }

    /** One kiosk device per door, paired the way staff pair one ({@code POST /api/kiosks}); their tokens. */
    private List<String> pairKiosks(ServerProcess server) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> tokens = new ArrayList<>();
        for (int k = 1; k <= plan.doorKiosks(); k++) {
            Http.Answer a = http.postJson(server.baseUrl() + "/api/kiosks", "{\"name\":\"Perf door " + k + "\"}", token);
            require(a.status() == 201, "pairing a kiosk answered " + a.status() + ": " + a.body());
            tokens.add(json.readTree(a.body()).path("token").asText());
        }
        return tokens;
    }

    private static String leadInStatuses(List<KioskLoad.Scan> scans, long importStart) {
        return statuses(scans.stream().filter(s -> s.scheduledNanos() < importStart).toList()).toString();
    }

    private static Map<Integer, Long> statuses(List<KioskLoad.Scan> scans) {
        Map<Integer, Long> s = new TreeMap<>();
        scans.forEach(x -> s.merge(x.status(), 1L, Long::sum));
        return s;
    }
}
