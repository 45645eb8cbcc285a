package dev.usher.bench;

import java.time.Duration;
import java.util.List;

/**
 * How much of everything: a full run, or the smoke form that only proves the harness works.
 *
 * @param doorKiosks     kiosks in the doors-open phase, each scanning every {@code doorScanEvery}
 * @param doorLeadIn     how long they scan before the import starts (not counted)
 * @param doorGuests     lines of the import that runs while they scan
 * @param restWait       how long the server is left alone before its RSS at rest is read
 */
record PerfPlan(boolean smoke, Duration wrk, Duration warmUp, int connections, int guests, List<Integer> sseClients, Duration fdWatch,
                Duration fdSampleEvery, Duration refWarmUp, Duration refMeasure, int restarts, Duration spread, int doorKiosks,
                Duration doorScanEvery, Duration doorLeadIn, int doorDashboards, int doorGuests, Duration restWait) {
    static PerfPlan fullRun() {
        return new PerfPlan(false, Duration.ofSeconds(10), Duration.ofSeconds(3), 64, 100_000, List.of(1_000, 10_000),
                Duration.ofSeconds(40), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5), 3, Duration.ofSeconds(10),
                100, Duration.ofSeconds(2), Duration.ofSeconds(3), 1_000, 100_000, Duration.ofSeconds(10));
    }

    static PerfPlan smokeRun() {
        return new PerfPlan(true, Duration.ofSeconds(1), Duration.ofSeconds(1), 64, 2_000, List.of(50),
                Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofMillis(200), Duration.ofMillis(500), 1, Duration.ofSeconds(1),
                5, Duration.ofSeconds(2), Duration.ofSeconds(2), 20, 2_000, Duration.ofSeconds(1));
    }

    /**
     * Ticket codes kept apart for the doors-open kiosks: 100 scans each, 200 s of scanning at one
     * scan per 2 s, far more than an import takes even on a loaded machine.
     */
    int doorCodes() {
        return doorKiosks * 100;
    }

    /** The worst delay to see a check-in that the SSE row with {@code clients} allows. */
    static Duration sseWorstAllowed(int clients) {
        return clients >= 10_000 ? Duration.ofMillis(500) : Duration.ofSeconds(1);
    }
}
