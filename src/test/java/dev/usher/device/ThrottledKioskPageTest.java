package dev.usher.device;

/**
 * The kiosk page tests again on a slow tablet: Chromium's CPU four times slower than this machine's,
 * so a scanner's keys reach the page late, spread out or in batches.
 */
class ThrottledKioskPageTest extends KioskPageTest {
    @Override
    protected int cpuSlowdown() {
        return 4;
    }
}
