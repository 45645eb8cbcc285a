package dev.usher.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.usher.bench.PerfRun.require;
import static dev.usher.bench.Table.mb;

/**
 * The SSE rows: N clients in a process of their own ({@link SseLoad}); once all hold a snapshot, one
 * check-in and the delay until each client sees it; then the process is killed (SIGKILL: every socket
 * vanishes as when browsers close), and the server's fds are sampled until they are back at the
 * baseline. A server that cannot keep up makes a missed row, not a harness failure (except in a smoke
 * run, where 50 clients failing means something is broken).
 */
final class SsePhase {
    /** Open fds over the count before the clients came that still count as "back". */
    static final int FD_TOLERANCE = 10;

    record Result(int held, boolean stalled, double connectSeconds, int checkInStatus, int watched, int seen, double p99Ms,
                  double worstMs, double worstAfterAckMs, long rssBeforeKb, long rssWithKb, long rssAfterKb, int fdsBefore,
                  int fdsWith, double fdsBackAfterSeconds, long serverErrors) {
    }

    /** The server before the clients came, and with them. */
    private record Sample(int fdsBefore, long rssBeforeKb, long errorsBefore, int fdsWith, long rssWithKb) {
    }

    private final PerfPlan plan;
    private final String token;
    private final Path work;
    private final RunLog log;
    private final NativeMemory memory;
    private volatile Process clients;

    SsePhase(PerfPlan plan, String token, Path work, RunLog log, NativeMemory memory) {
        this.plan = plan;
        this.token = token;
        this.work = work;
        this.log = log;
        this.memory = memory;
    }

    Result run(ServerProcess server, int n, String code) throws Exception {
        // Earlier load may still be closing its connections: start from a settled baseline.
        ServerProcess.sleep(plan.smoke() ? 200 : 1000);
        int fdsBefore = server.fds();
        long rssBefore = server.rssKb();
        long errorsBefore = server.errorLines();
        Process proc = startClients(server, n, code);
        BlockingQueue<String> lines = output(proc);
        Map<String, String> held = fields(awaitLine(lines, "SSE_HELD", Duration.ofSeconds(Math.max(60, n / 50 + 40))));
        int heldCount = Integer.parseInt(held.get("held"));
        require(heldCount > 0, "no SSE client got a snapshot; see " + work.resolve("sse.log") + " and the server log");
        long rssWith = server.rssKb();
        int fdsWith = server.fds();
        memory.note(server, String.format(Locale.ROOT, "with %,d SSE clients held", heldCount));
        try (OutputStream o = proc.getOutputStream()) {
            o.write("GO\n".getBytes(StandardCharsets.US_ASCII));
            o.flush();
            Map<String, String> r = fields(awaitLine(lines, "SSE_RESULT", Duration.ofSeconds(60)));
            int status = Integer.parseInt(r.get("checkin_status"));
            int seen = Integer.parseInt(r.get("seen"));
            if (plan.smoke()) {
                require(status == 201, "the check-in made with the SSE clients answered " + status);
                require(seen == heldCount, seen + " of " + heldCount + " SSE clients saw the check-in");
            }
            rssWith = Math.max(rssWith, server.rssKb());
            fdsWith = Math.max(fdsWith, server.fds());
            return afterTheKill(server, n, held, r, new Sample(fdsBefore, rssBefore, errorsBefore, fdsWith, rssWith));
        }
    }

    /** Kills the client process (SIGKILL), follows the server's fds back down, logs the row's figures. */
    private Result afterTheKill(ServerProcess server, int n, Map<String, String> held, Map<String, String> r, Sample sample)
            throws IOException, InterruptedException {
        long killed = System.nanoTime();
        clients.destroyForcibly();
        clients.waitFor(10, TimeUnit.SECONDS);
        clients = null;
        FdsBack fds = followFds(server, killed, sample.fdsBefore());
        List<String> timeline = fds.timeline();
        double backAfter = fds.seconds();
        long rssAfter = server.rssKb();
        long errors = server.errorLines() - sample.errorsBefore();
        Result s = new Result(Integer.parseInt(held.get("held")), Boolean.parseBoolean(held.get("stalled")), Double.parseDouble(held.get("seconds")),
                Integer.parseInt(r.get("checkin_status")), Integer.parseInt(r.get("watched")), Integer.parseInt(r.get("seen")),
                Double.parseDouble(r.get("p99_ms")), Double.parseDouble(r.get("worst_ms")), Double.parseDouble(r.get("worst_after_ack_ms")),
                sample.rssBeforeKb(), sample.rssWithKb(), rssAfter, sample.fdsBefore(), sample.fdsWith(), backAfter, errors);
        log.line("SSE %,d clients (own process, raw sockets, one selector thread): %,d held after %.1f s (%s failed%s); one check-in (%d after %s ms):"
                        + " %,d of %,d saw it, p50 %s ms, p99 %.0f ms, worst %.0f ms after the request was sent (%.0f ms after its answer);"
                + " the client thread was busy %s ms of that reading and parsing",
                n, s.held(), s.connectSeconds(), held.get("failed"), s.stalled() ? ", gave up after 10 s without progress" : "",
                s.checkInStatus(), r.get("ack_ms"), s.seen(), s.watched(), r.get("p50_ms"), s.p99Ms(), s.worstMs(), s.worstAfterAckMs(),
                r.get("client_busy_ms"));
        log.line("  server RSS %s before, %s with the clients, %s after; fds %,d before, %,d with; after SIGKILL of the clients: %s (back = ≤ %d over the baseline)",
                mb(sample.rssBeforeKb()), mb(sample.rssWithKb()), mb(rssAfter), sample.fdsBefore(), sample.fdsWith(), String.join(" ", timeline),
                FD_TOLERANCE);
        if (errors > 0) {
            log.line("  the server logged %,d errors meanwhile; the most frequent: %s", errors, server.mostFrequentError());
        }
        return s;
    }

    /** The server's open fds sampled after the clients were killed, and when they were back at the baseline (-1: not within the watch). */
    record FdsBack(List<String> timeline, double seconds) {
    }

    private FdsBack followFds(ServerProcess server, long killedNanos, int fdsBefore) {
        List<String> timeline = new ArrayList<>();
        long deadline = killedNanos + plan.fdWatch().toNanos();
        while (System.nanoTime() < deadline) {
            ServerProcess.sleep(plan.fdSampleEvery().toMillis());
            int fds = server.fds();
            double at = (System.nanoTime() - killedNanos) / 1e9;
            timeline.add(String.format(Locale.ROOT, "%.1fs:%d", at, fds));
            if (fds <= fdsBefore + FD_TOLERANCE) {
                return new FdsBack(timeline, at);
            }
        }
        return new FdsBack(timeline, -1);
    }

    /** Dashboards held open while another phase runs: how many got their first snapshot, and the fds before they came. */
    record Held(int clients, int held, int fdsBefore) {
    }

    /** Opens {@code n} streams and returns once each has its first snapshot (or the client gave up); {@link #release} ends them. */
    Held hold(ServerProcess server, int n) throws Exception {
        int fdsBefore = server.fds();
        // The client process takes a code for the check-in it makes on "GO"; none is sent here.
        Process proc = startClients(server, n, "unused");
        Map<String, String> held = fields(awaitLine(output(proc), "SSE_HELD", Duration.ofSeconds(Math.max(60, n / 50 + 40))));
        return new Held(n, Integer.parseInt(held.get("held")), fdsBefore);
    }

    /** Kills the held clients (SIGKILL) and waits until the server's fds are back; returns that wait's figures. */
    FdsBack release(ServerProcess server, Held held) throws InterruptedException {
        long killed = System.nanoTime();
        clients.destroyForcibly();
        clients.waitFor(10, TimeUnit.SECONDS);
        clients = null;
        return followFds(server, killed, held.fdsBefore());
    }

    private Process startClients(ServerProcess server, int n, String code) throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), SseLoad.class.getName(),
                server.baseUrl(), token, Integer.toString(n), code, Long.toString(Math.max(20, n / 50)));
        clients = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(work.resolve("sse.log").toFile())).start();
        return clients;
    }

    /** The client process's output lines, as they come. */
    private static BlockingQueue<String> output(Process proc) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    lines.add(l);
                }
            } catch (IOException ignored) {
                // The process was killed.
            }
        }, "sse-output");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    /** Kills the client process if one is still running (the run failed half-way). */
    void killClients() {
        Process p = clients;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    private String awaitLine(BlockingQueue<String> lines, String prefix, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            String l = lines.poll(200, TimeUnit.MILLISECONDS);
            if (l != null && l.startsWith(prefix + " ")) {
                return l;
            }
            if (l == null && clients != null && !clients.isAlive() && lines.isEmpty()) {
                throw new IllegalStateException("the SSE client process exited (" + clients.exitValue() + "); see " + work.resolve("sse.log"));
            }
        }
        throw new IllegalStateException("no " + prefix + " line from the SSE client process within " + limit.toSeconds() + " s");
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String part : line.split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                f.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return f;
    }
}
