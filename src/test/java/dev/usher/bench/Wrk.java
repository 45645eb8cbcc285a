package dev.usher.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** Runs wrk with one of the Lua scripts in bench/perf and reads the line the script prints at the end. */
final class Wrk {
    static final int THREADS = 1;

    /** What one wrk run measured; latencies in microseconds, statuses as counted by the script. */
    record Result(String name, long requests, double seconds, long p50Us, long p90Us, long p99Us, long maxUs, double meanUs,
                  long socketErrors, long timeouts, Map<Integer, Long> statuses, String output) {

        long count(int status) {
            return statuses.getOrDefault(status, 0L);
        }

        double perSecond(int status) {
            return count(status) / seconds;
        }

        double requestsPerSecond() {
            return requests / seconds;
        }

        String statusSummary() {
            StringBuilder s = new StringBuilder();
            statuses.forEach((code, n) -> s.append(s.length() == 0 ? "" : ", ").append(n).append(" × ").append(code));
            return s.toString();
        }
    }

    private final Path scripts;
    private final int connections;
    private final Duration duration;

    Wrk(Path scripts, int connections, Duration duration) {
        this.scripts = scripts;
        this.connections = connections;
        this.duration = duration;
    }

    String describe() {
        return "wrk " + version() + ", " + THREADS + " thread, " + connections + " connections, "
                + duration.toSeconds() + " s per row, --latency, Lua scripts in bench/perf/";
    }

    /** Runs {@code script} against {@code url} for the configured duration, with the given environment for the script. */
    Result run(String name, String script, String url, Map<String, String> env) throws IOException {
        return run(name, script, url, env, duration);
    }

    Result run(String name, String script, String url, Map<String, String> env, Duration duration) throws IOException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + THREADS, "-c" + connections, "-d" + duration.toSeconds() + "s",
                "--timeout", "10s", "--latency", "-s", scripts.resolve(script).toAbsolutePath().toString(), url));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("PERF_THREADS", Integer.toString(THREADS));
        Process p = pb.start();
        String output;
        try {
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("wrk did not finish: " + command);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("wrk failed (" + p.exitValue() + "): " + String.join(" ", command) + "\n" + output);
        }
        return parse(name, output);
    }

    static Result parse(String name, String output) {
        String line = output.lines().filter(l -> l.startsWith("PERF_WRK ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("wrk printed no PERF_WRK line (did the Lua script fail?):\n" + output));
        Map<String, String> f = new TreeMap<>();
        for (String part : line.substring("PERF_WRK ".length()).trim().split("\\s+")) {
            String[] kv = part.split("=", 2);
            f.put(kv[0], kv[1]);
        }
        Map<Integer, Long> statuses = new TreeMap<>();
        f.forEach((k, v) -> {
            if (k.matches("s\\d{3}")) {
                statuses.put(Integer.parseInt(k.substring(1)), Long.parseLong(v));
            }
        });
        long socketErrors = Long.parseLong(f.get("connect_errors")) + Long.parseLong(f.get("read_errors")) + Long.parseLong(f.get("write_errors"));
        return new Result(name, Long.parseLong(f.get("requests")), Long.parseLong(f.get("duration_us")) / 1e6,
                Long.parseLong(f.get("p50_us")), Long.parseLong(f.get("p90_us")), Long.parseLong(f.get("p99_us")),
                Long.parseLong(f.get("max_us")), Double.parseDouble(f.get("mean_us")),
                socketErrors, Long.parseLong(f.get("timeouts")), statuses, output);
    }

    static String version() {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(5, TimeUnit.SECONDS);
            return out.lines().findFirst().map(l -> l.replaceAll("^wrk\\s+", "").replaceAll("\\s+\\[.*", "").replaceAll("\\s+Copyright.*", ""))
                    .orElse("?");
        } catch (IOException e) {
            throw new IllegalStateException("wrk is not installed (apt-get install -y wrk)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
