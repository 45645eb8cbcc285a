package dev.usher.device;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** The camera tests again on a slow tablet: Chromium's CPU four times slower than this machine's. */
class ThrottledCameraScanTest extends CameraScanTest {
    @Override
    protected int cpuSlowdown() {
        return 4;
    }

    @Test
    @Disabled("the full-speed run keeps the door harness working; its throttled figures come from KioskScanBench,"
            + " and a second pass of the video here would add half a minute to CI")
    @Override
    void the_door_throughput_benchmark_runs_on_the_real_kiosk_page() {
    }
}
