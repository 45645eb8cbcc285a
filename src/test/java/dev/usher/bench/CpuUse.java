package dev.usher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Who used the CPU during a phase, from {@code /proc}: the whole machine, the server by thread
 * group, and the load generator (this JVM and the children it has waited for: wrk, the SSE
 * clients). What is left is everything else on the machine, such as other people's builds.
 */
final class CpuUse {
    /** USER_HZ: the unit of /proc's CPU times; 100 on every Linux that matters here. */
    private static final double TICKS_PER_SECOND = 100;

    record Snapshot(long nanos, long machineBusy, long machineTotal, Map<String, Long> serverThreads, long harness) {
    }

    private CpuUse() {
    }

    static Snapshot take(long serverPid) {
        long busy = 0;
        long total = 0;
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            for (int i = 1; i < f.length && i <= 8; i++) {
                long v = Long.parseLong(f[i]);
                total += v;
                if (i != 4 && i != 5) {
                    busy += v;
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Snapshot(System.nanoTime(), -1, -1, Map.of(), -1);
        }
        Map<String, Long> threads = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(serverPid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // After "(comm) ": state is field 3, utime field 14, stime field 15.
                    long ticks = Long.parseLong(rest[11]) + Long.parseLong(rest[12]);
                    threads.merge(group(comm), ticks, Long::sum);
                } catch (IOException | RuntimeException e) {
                    // The thread ended while we looked.
                }
            }
        } catch (IOException | RuntimeException e) {
            // The server is gone.
        }
        long harness = -1;
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            harness = Long.parseLong(rest[11]) + Long.parseLong(rest[12]) + Long.parseLong(rest[13]) + Long.parseLong(rest[14]);
        } catch (IOException | RuntimeException e) {
            // Not Linux.
        }
        return new Snapshot(System.nanoTime(), busy, total, threads, harness);
    }

    /** Thread names as the kernel keeps them (15 characters), grouped by what they do. */
    static String group(String comm) {
        if (comm.startsWith("JettyServerThre") || comm.startsWith("qtp")) {
            return "Jetty workers";
        }
        if (comm.startsWith("usher-db-writer")) {
            return "db writer";
        }
        if (comm.startsWith("usher-live")) {
            return "live stream";
        }
        if (comm.startsWith("GC ") || comm.startsWith("G1 ") || comm.startsWith("VM Periodic") || comm.equals("VM Thread")) {
            return "GC/VM";
        }
        if (comm.startsWith("C1 ") || comm.startsWith("C2 ")) {
            return "JIT";
        }
        if (comm.startsWith("ForkJoinPool")) {
            return "fork-join pool";
        }
        return "other";
    }

    /** "machine 1.90 of 2 busy; server 1.30 (...); load generator 0.50; everything else 0.10", in cores. */
    static String between(Snapshot a, Snapshot b) {
        if (a.machineTotal() < 0 || b.machineTotal() <= a.machineTotal()) {
            return "(no /proc/stat)";
        }
        int cores = Runtime.getRuntime().availableProcessors();
        double seconds = (b.nanos() - a.nanos()) / 1e9;
        double machine = (double) (b.machineBusy() - a.machineBusy()) / (b.machineTotal() - a.machineTotal()) * cores;
        Map<String, Double> server = new LinkedHashMap<>();
        double serverTotal = 0;
        for (Map.Entry<String, Long> e : b.serverThreads().entrySet()) {
            double c = (e.getValue() - a.serverThreads().getOrDefault(e.getKey(), 0L)) / TICKS_PER_SECOND / seconds;
            if (c > 0) {
                server.put(e.getKey(), c);
                serverTotal += c;
            }
        }
        double load = a.harness() < 0 ? 0 : (b.harness() - a.harness()) / TICKS_PER_SECOND / seconds;
        StringBuilder parts = new StringBuilder();
        server.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .filter(e -> e.getValue() >= 0.01)
                .forEach(e -> parts.append(parts.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue())));
        return String.format(Locale.ROOT, "machine %.2f of %d busy; server %.2f (%s); load generator %.2f; everything else %.2f",
                machine, cores, serverTotal, parts, load, Math.max(0, machine - serverTotal - load));
    }
}
