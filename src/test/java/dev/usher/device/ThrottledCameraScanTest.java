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

    @Test
    @Disabled("the same harness, kept working by the full-speed run; bench/kiosk-scan measures it throttled")
    @Override
    void the_scan_to_verdict_benchmark_runs_on_the_real_kiosk_page() {
    }

    @Test
    @Disabled("which files the page loads does not depend on the CPU's speed: the full-speed run checks it")
    @Override
    void the_decoder_and_its_webassembly_come_from_this_server() {
    }

    @Test
    @Disabled("decoded as the genuine ticket is (which this class keeps); only the server's verdict differs")
    @Override
    void a_forged_code_shown_to_the_camera_is_invalid() {
    }
}
