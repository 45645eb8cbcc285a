package dev.usher.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.usher.bench.Table.ms;

/**
 * What the run prints as it goes: every line is kept for the report's "Raw figures", and every
 * measured phase is kept with its wall-clock bounds (for JFR) and its CPU use.
 */
final class RunLog {
    /** A measured stretch of the run. */
    static final class Phase {
        final String name;
        final Instant start;
        final CpuUse.Snapshot cpu;
        final ThreadStates writer;
        Instant end;
        /** The writer thread's CPU time over the phase (ns, from schedstat), set by {@link #end}; -1 when unknown. */
        long writerCpuNanos = -1;

        Phase(String name, CpuUse.Snapshot cpu, ThreadStates writer) {
            this.name = name;
            this.start = Instant.now();
            this.cpu = cpu;
            this.writer = writer;
        }
    }

    private final List<String> lines = new ArrayList<>();
    private final List<Phase> phases = new ArrayList<>();

    void line(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        lines.add(line);
        System.out.println("  " + line);
    }

    List<String> lines() {
        return lines;
    }

    List<JfrHotspots.Phase> jfrPhases() {
        return phases.stream().map(x -> new JfrHotspots.Phase(x.name, x.start, x.end)).toList();
    }

    Phase begin(String name, ServerProcess server) {
        System.out.printf("… %s%n", name);
        Phase p = new Phase(name, CpuUse.take(server.pid()), ThreadStates.watch(server.pid(), "usher-db-writer", "db writer"));
        phases.add(p);
        return p;
    }

    void end(Phase p, ServerProcess server) {
        p.end = Instant.now();
        line("  CPU in cores during %s: %s", p.name, CpuUse.between(p.cpu, CpuUse.take(server.pid())));
        if (p.writer != null) {
            p.writerCpuNanos = p.writer.cpuNanos();
            String states = p.writer.summary();
            if (!p.name.startsWith("SSE") && !p.name.startsWith("GET")) {
                line("  %s", states);
            }
        }
    }

    void wrk(Wrk.Result r) {
        line("%s: %,d requests in %.1f s = %s req/s (%s); latency p50 %s, p90 %s, p99 %s, max %s; socket errors %d, timeouts %d",
                r.name(), r.requests(), r.seconds(), Table.fmt(r.requestsPerSecond()), r.statusSummary(),
                ms(r.p50Us()), ms(r.p90Us()), ms(r.p99Us()), ms(r.maxUs()), r.socketErrors(), r.timeouts());
    }

    void spread(String name, SpreadLoad.Result r, int connections) {
        Map<Integer, Long> s = r.statuses();
        line("%s from %,d loopback addresses (Java client, %d connections): %,d requests in %.1f s = %s req/s (%s); p50 %s, p99 %s; broken connections %d",
                name, r.addresses(), connections, r.requests(), r.seconds(), Table.fmt(r.requests() / r.seconds()), s,
                ms(r.p50Us()), ms(r.p99Us()), r.socketErrors());
    }
}
