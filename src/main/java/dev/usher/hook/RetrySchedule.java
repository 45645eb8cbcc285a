package dev.usher.hook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * When a failed delivery is tried again: soon at first (a receiver restarting), then ever more
 * rarely, for three days like pretix; with jitter, so that endpoints coming back are not hit by
 * every waiting delivery in the same second.
 */
final class RetrySchedule {
    static final Duration GIVE_UP_AFTER = Duration.ofDays(3);
    /** After the first failure, the second, ...; the last repeats. */
    static final List<Duration> DELAYS = List.of(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(1),
            Duration.ofMinutes(5), Duration.ofMinutes(20), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4),
            Duration.ofHours(8));
    /** A receiver's Retry-After is honoured up to this. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(6);

    private final RandomGenerator random;

    RetrySchedule(RandomGenerator random) {
        this.random = random;
    }

    /**
     * @param failures   how many attempts failed so far, this one included (1 or more)
     * @param retryAfter what the receiver asked for, or null
     * @return null when the delivery is given up
     */
    Instant next(Instant createdAt, Instant now, int failures, Duration retryAfter) {
        Duration base = DELAYS.get(Math.min(failures, DELAYS.size()) - 1);
        long millis = base.toMillis();
        // +-20 %: spreads retries without moving the first one past 30 s.
        long jittered = millis + (long) ((random.nextDouble() * 0.4 - 0.2) * millis);
        Duration delay = Duration.ofMillis(jittered);
        if (retryAfter != null && !retryAfter.isNegative()) {
            delay = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
        }
        Instant at = now.plus(delay);
        return at.isAfter(createdAt.plus(GIVE_UP_AFTER)) ? null : at;
    }
}
