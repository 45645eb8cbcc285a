package dev.usher.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Lets one log line per key through per window and counts the rest, so a flood of wrong tokens
 * from one address writes a line a minute with a count instead of fifty thousand lines.
 */
final class RepeatLog {
    static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int MAX_KEYS = 10_000;

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    RepeatLog(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /**
     * Call once per occurrence: -1 when this one is not to be logged, else how many occurrences
     * since the last logged one were left out (0 for the first).
     */
    long occurred(String key) {
        long now = nanoTime.getAsLong();
        if (windows.size() > MAX_KEYS) {
            windows.clear();
        }
        return windows.computeIfAbsent(key, k -> new Window(now - WINDOW_NANOS)).occurred(now);
    }

    private static final class Window {
        private long loggedAt;
        private long leftOut;

        Window(long loggedAt) {
            this.loggedAt = loggedAt;
        }

        synchronized long occurred(long now) {
            if (now - loggedAt < WINDOW_NANOS) {
                leftOut++;
                return -1;
            }
            long count = leftOut;
            leftOut = 0;
            loggedAt = now;
            return count;
        }
    }
}
