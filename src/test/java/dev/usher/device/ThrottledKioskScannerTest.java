package dev.usher.device;

/**
 * The handheld-scanner tests again on a slow tablet: Chromium's CPU four times slower than this
 * machine's, so a scanner's keys reach the page late, spread out or in batches. (Pairing, search,
 * walk-ins and the layout do not hang on key timing: they run at full speed only, KioskPageTest.)
 */
class ThrottledKioskScannerTest extends KioskScannerTest {
    @Override
    protected int cpuSlowdown() {
        return 4;
    }
}
