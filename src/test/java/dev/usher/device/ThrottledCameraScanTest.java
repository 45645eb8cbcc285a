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
    @Disabled("ScanToVerdict opens a full-speed browser of its own: nothing here would be throttled")
    @Override
    void the_scan_to_verdict_benchmark_runs_on_the_real_kiosk_page() {
    }
}
