package dev.usher.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Token buckets by key: a steady rate with room for a short burst, as a door really sees.
 *
 * <p>The table is bounded: someone cycling through addresses (easy with IPv6) makes a bucket per
 * address. Past {@link #MAX_BUCKETS} the table is cleaned, at most once a second: idle buckets
 * go first, then the least recently used, down to three quarters of the bound. Cleaning on every
 * request instead once cost 1.3 ms a request at 100k buckets.
 */
public final class RateLimiter {
    static final int MAX_BUCKETS = 100_000;
    private static final long IDLE_NANOS = TimeUnit.MINUTES.toNanos(10);
    private static final long CLEAN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** A limit: {@code perSecond} on average, up to {@code burst} at once. */
    public record Rule(String name, double perSecond, int burst) {
    }

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    private final AtomicLong lastClean;
    private final AtomicLong cleanings = new AtomicLong();

    public RateLimiter(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.lastClean = new AtomicLong(nanoTime.getAsLong() - CLEAN_EVERY_NANOS);
    }

    /** Takes one request from the key's allowance: 0 if allowed, else the seconds until it would be. */
    public long acquire(Rule rule, String key) {
        long now = nanoTime.getAsLong();
        if (buckets.size() > MAX_BUCKETS) {
            cleanIfDue(now);
        }
        return buckets.computeIfAbsent(rule.name() + "|" + key, k -> new Bucket(rule, now)).take(now);
    }

    int size() {
        return buckets.size();
    }

    long cleanings() {
        return cleanings.get();
    }

    private void cleanIfDue(long now) {
        long last = lastClean.get();
        if (now - last < CLEAN_EVERY_NANOS || !lastClean.compareAndSet(last, now)) {
            return;
        }
        cleanings.incrementAndGet();
        buckets.values().removeIf(b -> b.idleSince(now) > IDLE_NANOS);
        int target = MAX_BUCKETS * 3 / 4;
        if (buckets.size() > target) {
            List<Map.Entry<String, Bucket>> byAge = new ArrayList<>(buckets.entrySet());
            byAge.sort(Comparator.comparingLong(e -> -e.getValue().idleSince(now)));
            for (int i = 0; i < byAge.size() - target; i++) {
                buckets.remove(byAge.get(i).getKey(), byAge.get(i).getValue());
            }
        }
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
