package dev.usher.device;

import dev.usher.Browser;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scan-to-verdict benchmark (see bench/README.md). Its name does not end in "Test", so
 * {@code mvn verify} leaves it out; run it with {@code bench/kiosk-scan/run.sh} or
 * {@code mvn -B test -Dtest=KioskScanBench [-Dbench.scans=40] [-Dbench.throttle=4] [-Dbench.doorTickets=40]}.
 */
class KioskScanBench {
    static final double GOAL_MEDIAN_MS = 300;
    /** A task this long on the page's main thread is one a person can feel (the longtask threshold). */
    static final double GOAL_LONGEST_TASK_MS = 50;
    static final double GOAL_ADMITTED_PER_MINUTE = 40;

    @TempDir
    Path data;

    /** At full speed, then (unless -Dbench.throttle=1) with the CPU throttled as on a low-end phone. */
    @Test
    void scan_to_verdict_on_the_kiosk_page() throws IOException {
        int count = Integer.getInteger("bench.scans", 30);
        int throttle = Integer.getInteger("bench.throttle", 4);
        List<ScanToVerdict.Result> results = new ArrayList<>();
        try (TestServer server = TestServer.start(data)) {
            // Three unmeasured scans first: the page's WebAssembly and JavaScript warm up, as they
            // do at the door after the first few people.
            results.add(ScanToVerdict.run(server, "Bench", 3, count));
            if (throttle > 1) {
                results.add(ScanToVerdict.run(server, "Slow", 3, count, throttle));
            }
        }
        StringBuilder report = new StringBuilder();
        report.append("cpu_slowdown,scan,counted,name,verdict,total_ms,decode_ms,request_ms,render_ms\n");
        for (ScanToVerdict.Result result : results) {
            List<ScanToVerdict.Scan> all = new ArrayList<>(result.warmups());
            all.addAll(result.scans());
            for (int i = 0; i < all.size(); i++) {
                ScanToVerdict.Scan s = all.get(i);
                report.append(String.format(Locale.ROOT, "%d,%d,%s,%s,%s,%.1f,%.1f,%.1f,%.1f%n", result.cpuSlowdown(), i + 1,
                        i < result.warmups().size() ? "warm-up" : "yes",
                        s.name(), s.verdict(), s.total(), s.decode(), s.request(), s.render()));
            }
        }
        Path csv = Path.of("target", "bench", "kiosk-scan.csv");
        Files.createDirectories(csv.getParent());
        Files.writeString(csv, report);

        System.out.println();
        for (ScanToVerdict.Result result : results) {
            System.out.println(result.summary());
            ScanToVerdict.LongTask longest = result.longest();
            boolean smooth = longest == null || longest.duration() <= GOAL_LONGEST_TASK_MS;
            System.out.printf(Locale.ROOT, "  goal: median <= %.0f ms: %s; no main-thread task > %.0f ms: %s%n",
                    GOAL_MEDIAN_MS, result.median() <= GOAL_MEDIAN_MS ? "met" : "MISSED",
                    GOAL_LONGEST_TASK_MS, smooth ? "met" : "MISSED");
        }
        if (results.size() == 2 && results.get(0).workerTrips().length > 0 && results.get(1).workerTrips().length > 0) {
            // CDP throttles the page's main thread; a worker runs at (nearly) full speed, where a
            // phone's slow cores would slow it too. Say what that could add at most.
            double full = ScanToVerdict.medianOf(results.get(0).workerTrips());
            double slow = ScanToVerdict.medianOf(results.get(1).workerTrips());
            System.out.printf(Locale.ROOT, "  the worker is not throttled like the page: its round trip went %.0f -> %.0f ms;"
                    + " at %dx its median would be about %.0f ms, adding ~%.0f ms to the throttled median%n",
                    full, slow, throttle, full * throttle, Math.max(0, full * throttle - slow));
        }
        System.out.println("  every scan in " + csv);
        System.out.println();

        for (ScanToVerdict.Result result : results) {
            assertThat(result.scans()).hasSize(count).allMatch(s -> "ok".equals(s.verdict()));
        }
    }

    /**
     * A camera showing one ticket after another at a door's pace (-Dbench.doorTickets, default 40:
     * one pass of the video is about a minute), at full speed and throttled: admitted per minute.
     */
    @Test
    void door_throughput_with_a_camera_cycling_through_tickets() throws IOException {
        int tickets = Integer.getInteger("bench.doorTickets", 40);
        int throttle = Integer.getInteger("bench.throttle", 4);
        DoorThroughput.Pace pace = new DoorThroughput.Pace(tickets,
                Duration.ofMillis(Long.getLong("bench.shownMs", 1000)), Duration.ofMillis(Long.getLong("bench.gapMs", 400)),
                Duration.ofSeconds(3));
        List<String> lines = new ArrayList<>();
        StringBuilder report = new StringBuilder("cpu_slowdown,ticket,verdict,at_ms\n");
        try (TestServer server = TestServer.start(data)) {
            for (int slowdown : throttle > 1 ? new int[] {1, throttle} : new int[] {1}) {
                String label = slowdown > 1 ? "Slow" : "Fast";
                DoorThroughput.Door door = DoorThroughput.prepare(server, label, pace, data);
                DoorThroughput.Result result;
                try (Browser browser = Browser.open(Browser.Window.DESKTOP, door.cameraArgs())) {
                    if (slowdown > 1) {
                        browser.driver().executeCdpCommand("Emulation.setCPUThrottlingRate", Map.of("rate", slowdown));
                    }
                    result = DoorThroughput.measure(server, browser, door, slowdown, false,
                            pace.pass().multipliedBy(2).plusSeconds(60));
                }
                lines.add(result.summary(door.names()));
                report.append(result.csv(door.names()));
                lines.add(String.format(Locale.ROOT, "  goal: >= %.0f admitted/min: %s",
                        GOAL_ADMITTED_PER_MINUTE, result.admittedPerMinute(door.names()) >= GOAL_ADMITTED_PER_MINUTE ? "met" : "MISSED"));
                try {
                    Files.deleteIfExists(door.video());
                } catch (IOException e) {
                    // The temp folder goes with the test.
                }
            }
        }
        Path csv = Path.of("target", "bench", "kiosk-door.csv");
        Files.createDirectories(csv.getParent());
        Files.writeString(csv, report);
        System.out.println();
        lines.forEach(System.out::println);
        System.out.println("  every verdict in " + csv);
        System.out.println();
    }
}
