package dev.usher.bench;

import java.time.Duration;
import java.util.List;

/** How much of everything: a full run, or the smoke form that only proves the harness works. */
record PerfPlan(boolean smoke, Duration wrk, Duration warmUp, int connections, int guests, List<Integer> sseClients, Duration fdWatch,
                Duration fdSampleEvery, Duration refWarmUp, Duration refMeasure, int restarts, Duration spread) {
    static PerfPlan fullRun() {
        return new PerfPlan(false, Duration.ofSeconds(10), Duration.ofSeconds(3), 64, 100_000, List.of(1_000, 10_000),
                Duration.ofSeconds(40), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5), 3, Duration.ofSeconds(10));
    }

    static PerfPlan smokeRun() {
        return new PerfPlan(true, Duration.ofSeconds(1), Duration.ofSeconds(1), 64, 2_000, List.of(50),
                Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofMillis(200), Duration.ofMillis(500), 1, Duration.ofSeconds(1));
    }
}
