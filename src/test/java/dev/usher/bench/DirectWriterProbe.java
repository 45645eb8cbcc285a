package dev.usher.bench;

import dev.usher.App;
import dev.usher.Config;
import dev.usher.Usher;
import dev.usher.auth.Principal;
import dev.usher.checkin.CheckInRequest;
import dev.usher.checkin.CheckInService;
import dev.usher.checkin.CheckInStore;
import dev.usher.checkin.Verdict;
import dev.usher.store.Database;
import dev.usher.ticket.TicketCode;
import dev.usher.ticket.TicketStore;
import io.javalin.Javalin;

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
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The writer's cost per check-in without HTTP in the way, for profiling on a busy machine: the
 * server's own CheckInService on its database, called from {@code callers} threads (each scan with
 * a nonce, as kiosks send them), and the db writer thread's CPU time divided by the check-ins.
 * Usage: java -cp ... dev.usher.bench.DirectWriterProbe [tickets] [callers]
 */
public final class DirectWriterProbe {
    public static void main(String[] args) throws Exception {
        int tickets = args.length > 0 ? Integer.parseInt(args[0]) : 60_000;
        int callers = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        Path data = Files.createTempDirectory("writer-probe");
        Usher usher = imported(data, tickets);
        List<String> codes = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(Database.FILE)); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT serial, signature FROM ticket_codes")) {
            while (rs.next()) {
                codes.add(new TicketCode(rs.getBytes(1), rs.getBytes(2)).text());
            }
        }
        TicketStore ticketStore = new TicketStore(usher.json(), usher.db().dialect());
        CheckInService service = new CheckInService(usher.db(), new CheckInStore(), ticketStore, usher.event(),
                Clock.systemUTC(), usher.hooks().events());
        int warm = codes.size() / 3;
        run(service, codes.subList(0, warm), callers);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long writer = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("usher-db-writer"))
                .findFirst().orElseThrow().getId();
        long cpu0 = mx.getThreadCpuTime(writer);
        long user0 = mx.getThreadUserTime(writer);
        jdk.jfr.Recording recording = null;
        if (System.getProperty("probe.jfr") != null) {
            recording = new jdk.jfr.Recording();
            recording.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(1));
            recording.enable("jdk.NativeMethodSample").withPeriod(java.time.Duration.ofMillis(1));
            recording.start();
        }
        long t0 = System.nanoTime();
        int made = run(service, codes.subList(warm, codes.size()), callers);
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpuUs = (mx.getThreadCpuTime(writer) - cpu0) / 1e3;
        double userUs = (mx.getThreadUserTime(writer) - user0) / 1e3;
        System.out.printf("check-ins %,d in %.2f s = %,.0f/s; writer CPU %.1f µs per check-in (user %.1f, system %.1f), on a CPU %.0f %% of the wall time%n",
                made, wall, made / wall, cpuUs / made, userUs / made, (cpuUs - userUs) / made, cpuUs / 1e4 / wall);
        if (recording != null) {
            recording.stop();
            recording.dump(Path.of(System.getProperty("probe.jfr")));
        }
        System.exit(0);
    }

    /** The server's store in {@code data} with {@code tickets} imported through its own API (the HTTP server stopped again). */
    static Usher imported(Path data, int tickets) throws Exception {
        String token = "probe-admin-token-0123456789";
        Usher usher = Usher.open(new Config("127.0.0.1", 0, data, null, token), Clock.systemUTC());
        Javalin app = App.create(usher).start("127.0.0.1", 0);
        StringBuilder csv = new StringBuilder("name,email\n");
        for (int i = 0; i < tickets; i++) {
            csv.append("Guest ").append(i).append(",g").append(i).append("@example.com\n");
        }
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(2)).build();
        HttpResponse<String> imported = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + App.httpPort(app) + "/api/tickets/import"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (imported.statusCode() != 200) {
            throw new IllegalStateException(imported.body());
        }
        app.stop();
        return usher;
    }

    private static int run(CheckInService service, List<String> codes, int callers) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        for (int i = 0; i < callers; i++) {
            pool.execute(() -> {
                int k;
                while ((k = next.getAndIncrement()) < codes.size()) {
                    Verdict v = service.checkIn(Principal.ADMIN, new CheckInRequest(codes.get(k), null, null, null,
                            UUID.randomUUID().toString(), null, null));
                    if (v instanceof Verdict.Admitted) {
                        admitted.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        return admitted.get();
    }
}
