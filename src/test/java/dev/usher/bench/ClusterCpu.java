package dev.usher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Who used the CPU during a phase with several Usher nodes and PostgreSQL on one machine, from
 * {@code /proc}: the machine (busy, and waiting on the disk), each node by thread group
 * ({@link CpuUse}), PostgreSQL (the postmaster and its children: backends, WAL writer,
 * checkpointer), and the load generator (this JVM and the wrk processes it has waited for).
 */
final class ClusterCpu {
    private static final double TICKS_PER_SECOND = 100;

    /** {@code nodeTicks}: each node's whole process (threads that ended included), where {@code nodes} has its living threads by group. */
    record Snapshot(long nanos, long busy, long iowait, long total, List<CpuUse.Snapshot> nodes, List<Long> nodeTicks, long postgres) {
    }

    private ClusterCpu() {
    }

    static Snapshot take(List<ServerProcess> nodes, long postmaster) {
        long busy = -1;
        long iowait = -1;
        long total = -1;
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            busy = 0;
            total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                long v = Long.parseLong(f[i]);
                total += v;
                if (i != 4 && i != 5) {
                    busy += v;
                }
            }
            iowait = Long.parseLong(f[5]);
        } catch (IOException | RuntimeException e) {
            // Not Linux.
        }
        List<CpuUse.Snapshot> n = new ArrayList<>();
        List<Long> ticks = new ArrayList<>();
        for (ServerProcess s : nodes) {
            n.add(CpuUse.take(s.pid()));
            ticks.add(processTicks(s.pid()));
        }
        return new Snapshot(System.nanoTime(), busy, iowait, total, n, ticks, postgresTicks(postmaster));
    }

    private static long processTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(rest[11]) + Long.parseLong(rest[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The postmaster's own time and its children's, the living ones and those it has reaped. */
    private static long postgresTicks(long postmaster) {
        long ticks = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                if (!p.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long pid = Long.parseLong(p.getFileName().toString());
                    long ppid = Long.parseLong(rest[1]);
                    if (pid == postmaster) {
                        ticks += Long.parseLong(rest[11]) + Long.parseLong(rest[12]) + Long.parseLong(rest[13]) + Long.parseLong(rest[14]);
                    } else if (ppid == postmaster) {
                        ticks += Long.parseLong(rest[11]) + Long.parseLong(rest[12]);
                    }
                } catch (IOException | RuntimeException e) {
                    // The process ended while we looked.
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return ticks;
    }

    /** "machine 1.90 of 2 busy, 0.05 in disk wait; node A 0.80 (...); node B ...; PostgreSQL 0.60; load generator 0.30; everything else 0.10". */
    static String between(Snapshot a, Snapshot b) {
        if (a.total() < 0 || b.total() <= a.total()) {
            return "(no /proc/stat)";
        }
        int cores = Runtime.getRuntime().availableProcessors();
        double seconds = (b.nanos() - a.nanos()) / 1e9;
        double span = b.total() - a.total();
        double machine = (b.busy() - a.busy()) / span * cores;
        double disk = (b.iowait() - a.iowait()) / span * cores;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "machine %.2f of %d busy, %.2f in disk wait", machine, cores, disk));
        double accounted = 0;
        for (int i = 0; i < b.nodes().size(); i++) {
            CpuUse.Snapshot x = i < a.nodes().size() ? a.nodes().get(i) : null;
            CpuUse.Snapshot y = b.nodes().get(i);
            StringBuilder parts = new StringBuilder();
            long ticksBefore = i < a.nodeTicks().size() ? a.nodeTicks().get(i) : 0;
            double node = Math.max(0, b.nodeTicks().get(i) - ticksBefore) / TICKS_PER_SECOND / seconds;
            List<Map.Entry<String, Double>> groups = new ArrayList<>();
            for (Map.Entry<String, Long> e : y.serverThreads().entrySet()) {
                long before = x == null ? 0 : x.serverThreads().getOrDefault(e.getKey(), 0L);
                groups.add(Map.entry(e.getKey(), (e.getValue() - before) / TICKS_PER_SECOND / seconds));
            }
            groups.stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).filter(e -> e.getValue() >= 0.01)
                    .forEach(e -> parts.append(parts.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue())));
            accounted += node;
            s.append(String.format(Locale.ROOT, "; node %c %.2f (living threads: %s)", (char) ('A' + i), node, parts));
        }
        double pg = a.postgres() < 0 ? 0 : (b.postgres() - a.postgres()) / TICKS_PER_SECOND / seconds;
        long harnessA = a.nodes().isEmpty() ? -1 : a.nodes().get(0).harness();
        long harnessB = b.nodes().isEmpty() ? -1 : b.nodes().get(0).harness();
        double load = harnessA < 0 ? 0 : (harnessB - harnessA) / TICKS_PER_SECOND / seconds;
        s.append(String.format(Locale.ROOT, "; PostgreSQL %.2f; load generator %.2f; everything else %.2f", pg, load,
                Math.max(0, machine - accounted - pg - load)));
        return s.toString();
    }
}
