package dev.usher.bench;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The real server jar in a process of its own, on 127.0.0.1 and a fixed free port (so a restart
 * finds it at the same address), measured from the outside through {@code /proc}.
 */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;
    private final List<String> command;

    private ServerProcess(Process process, int port, Path log, List<String> command) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.command = command;
    }

    /** Starts the jar; returns at once (see {@link #awaitReady}). */
    static ServerProcess start(Path jar, List<String> jvmFlags, Path dataDir, int port, String adminToken, Path log) throws IOException {
        return start(jar, jvmFlags, dataDir, List.of(), port, adminToken, log);
    }

    /** The same with more of Usher's flags after {@code --data} ({@code --db ...}, say). */
    static ServerProcess start(Path jar, List<String> jvmFlags, Path dataDir, List<String> usherFlags, int port, String adminToken,
                               Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--data", dataDir.toAbsolutePath().toString()));
        command.addAll(usherFlags);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("USHER_ADMIN_TOKEN", adminToken);
        return new ServerProcess(pb.start(), port, log, command);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Polls {@code GET /api/event} every few milliseconds until it answers 200; returns the time from
     * {@code startedNanos} to that answer.
     */
    Duration awaitReady(Http http, long startedNanos, Duration limit) throws IOException {
        long deadline = startedNanos + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + " before answering; its log:\n" + tail(40));
            }
            try {
                if (http.get(baseUrl() + "/api/event", null, Duration.ofSeconds(2)).status() == 200) {
                    return Duration.ofNanos(System.nanoTime() - startedNanos);
                }
            } catch (ConnectException | HttpTimeoutException e) {
                // Not listening yet.
            } catch (IOException e) {
                // Listening but not answering yet (connection reset while starting).
            }
            sleep(5);
        }
        throw new IllegalStateException("the server did not answer GET /api/event within " + limit.toSeconds() + " s; its log:\n" + tail(40));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The exit status; only once the process has ended. */
    int exitValue() {
        return process.exitValue();
    }

    List<String> command() {
        return command;
    }

    /** Resident memory from {@code /proc/<pid>/status} (VmRSS), in KiB; -1 once the process is gone. */
    long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Open file descriptors (sockets included): entries of {@code /proc/<pid>/fd}; -1 once the process is gone. */
    int fds() {
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
            return (int) s.count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return -1;
        }
    }

    /** The last lines of the server's output, for failure messages. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Lines in the server's output that report an error (its log is plain slf4j-simple output). */
    long errorLines() throws IOException {
        try (Stream<String> l = Files.lines(log, StandardCharsets.UTF_8)) {
            return l.filter(x -> x.contains(" ERROR ") || x.startsWith("Exception in thread")).count();
        }
    }

    /** The error or exception the server's output names most often, with its count. */
    String mostFrequentError() throws IOException {
        try (Stream<String> l = Files.lines(log, StandardCharsets.UTF_8)) {
            return l.filter(x -> x.contains("Error: ") || x.contains("Exception: "))
                    .map(x -> x.replaceAll("^.*?((\\w+\\.)+\\w+(Error|Exception): )", "$1").replaceAll("\\(allocated: .*", "").trim())
                    .collect(Collectors.groupingBy(x -> x, Collectors.counting()))
                    .entrySet().stream().max(Map.Entry.comparingByValue())
                    .map(e -> e.getValue() + " × " + e.getKey()).orElse("(none)");
        }
    }

    /** SIGTERM (Usher's shutdown hook closes the database), then SIGKILL if it hangs. */
    void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        stop();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
