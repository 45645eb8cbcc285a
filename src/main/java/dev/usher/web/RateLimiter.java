package dev.usher.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** Token buckets by key: a steady rate with room for a short burst, as a door really sees. */
public final class RateLimiter {
    private static final int MAX_BUCKETS = 100_000;
    private static final long IDLE_NANOS = TimeUnit.MINUTES.toNanos(10);

    /** A limit: {@code perSecond} on average, up to {@code burst} at once. */
    public record Rule(String name, double perSecond, int burst) {
    }

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    public RateLimiter(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Takes one request from the key's allowance: 0 if allowed, else the seconds until it would be. */
    public long acquire(Rule rule, String key) {
        long now = nanoTime.getAsLong();
        if (buckets.size() > MAX_BUCKETS) {
            // Someone is cycling through keys: forget buckets nobody has used for a while.
            buckets.values().removeIf(b -> b.idleSince(now) > IDLE_NANOS);
        }
        return buckets.computeIfAbsent(rule.name() + "|" + key, k -> new Bucket(rule, now)).take(now);
    }

    private static final class Bucket {
        private final Rule rule;
        private double tokens;
        private long last;

        Bucket(Rule rule, long now) {
            this.rule = rule;
            this.tokens = rule.burst();
            this.last = now;
        }

        synchronized long take(long now) {
            tokens = Math.min(rule.burst(), tokens + (now - last) / 1e9 * rule.perSecond());
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / rule.perSecond()));
        }

        synchronized long idleSince(long now) {
            return now - last;
        }
    }
}
