package dev.usher.bench;

import dev.usher.TestServer;
import dev.usher.store.Database;
import dev.usher.ticket.TicketCode;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * A quick in-process look at the writer's cost per check-in, for profiling the door path between
 * full runs of bench/perf: the server in this JVM, check-ins (each with a nonce, as kiosks send them)
 * from wrk with {@code connections} connections, and the db writer thread's CPU time divided by the check-ins made.
 * Usage: java -cp ... dev.usher.bench.WriterProbe [tickets] [connections] [seconds]
 */
public final class WriterProbe {
    public static void main(String[] args) throws Exception {
        int tickets = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        Path data = Files.createTempDirectory("writer-probe");
        try (TestServer server = TestServer.start(data)) {
            StringBuilder csv = new StringBuilder("name,email\n");
            for (int i = 0; i < tickets; i++) {
                csv.append("Guest ").append(i).append(",g").append(i).append("@example.com\n");
            }
            HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> imported = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/tickets/import"))
                    .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofString(csv.toString())).build(), HttpResponse.BodyHandlers.ofString());
            if (imported.statusCode() != 200) {
                throw new IllegalStateException(imported.body());
            }
            List<String> codes = new ArrayList<>();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(Database.FILE)); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT serial, signature FROM ticket_codes")) {
                while (rs.next()) {
                    codes.add(new TicketCode(rs.getBytes(1), rs.getBytes(2)).text());
                }
            }
            Path warmFile = data.resolve("warm.txt");
            Files.write(warmFile, codes.subList(0, 10_000));
            Path codeFile = data.resolve("codes.txt");
            Files.write(codeFile, codes.subList(10_000, codes.size()));
            wrk(server, warmFile, clients, seconds + "s");
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long writer = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("usher-db-writer"))
                    .findFirst().orElseThrow().getId();
            long cpu0 = mx.getThreadCpuTime(writer);
            long user0 = mx.getThreadUserTime(writer);
            long before = count(data);
            long t0 = System.nanoTime();
            wrk(server, codeFile, clients, seconds + "s");
            double wall = (System.nanoTime() - t0) / 1e9;
            long made = count(data) - before;
            double cpuUs = (mx.getThreadCpuTime(writer) - cpu0) / 1e3;
            double userUs = (mx.getThreadUserTime(writer) - user0) / 1e3;
            System.out.printf("check-ins %,d in %.2f s = %,.0f/s; writer CPU %.1f µs per check-in (user %.1f, system %.1f), on a CPU %.0f %% of the wall time%n",
                    made, wall, made / wall, cpuUs / made, userUs / made, (cpuUs - userUs) / made, cpuUs / 1e4 / wall);
        }
        // The HttpClient's own threads would keep the JVM alive.
        System.exit(0);
    }

    private static void wrk(TestServer server, Path codes, int connections, String duration) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + duration, "-s", "bench/perf/checkin.lua",
                server.baseUrl() + "/api/checkins").inheritIO();
        pb.environment().put("PERF_CODES", codes.toString());
        pb.environment().put("PERF_TOKEN", TestServer.ADMIN_TOKEN);
        pb.environment().put("PERF_THREADS", "2");
        if (pb.start().waitFor() != 0) {
            throw new IllegalStateException("wrk failed");
        }
    }

    private static long count(Path data) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(Database.FILE)); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM checkins")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
