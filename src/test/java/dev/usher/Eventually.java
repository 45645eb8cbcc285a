package dev.usher;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for a condition the server reaches on its own (a mail sent, a retry made), never for a time. */
public final class Eventually {
    private Eventually() {
    }

    /** Polls {@code condition} until it is true; fails after {@code limit}, a bound far above what the condition needs. */
    public static void until(String what, Duration limit, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for: " + what);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what);
            }
        }
    }
}
