package dev.usher.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The command line of {@code bench/perf/run.sh} (which adds {@code --jar}, {@code --scripts} and
 * {@code --out}), and the server's JVM flags.
 *
 * @param command the options as the report shows them: {@code bench/perf/run.sh} and what the user gave
 */
record PerfOptions(boolean smoke, boolean jfr, boolean nmt, boolean keep, Path jar, Path scripts, Path out, List<String> serverFlags,
                   String command) {
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

    /** Reads the options; an unknown one prints the usage and exits with status 1. */
    static PerfOptions parse(String[] args) {
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
        return new PerfOptions(smoke, jfr, nmt, keep, jar, scripts, out, serverFlags, command);
    }

    PerfPlan plan() {
        return smoke ? PerfPlan.smokeRun() : PerfPlan.fullRun();
    }

    /** The folder of the report, where the work folder and the JFR recording go too. */
    Path outFolder() {
        return out.toAbsolutePath().getParent();
    }

    /** The server's flags as the report explains them. */
    String serverFlagsWhy() {
        return serverFlags.equals(SERVER_FLAGS) ? SERVER_FLAGS_WHY : String.join(" ", serverFlags) + " (given with --server-flags)";
    }
}
