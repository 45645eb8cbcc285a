package dev.usher.web;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The bucket table stays bounded, and is not swept on every request, however many addresses call. */
class RateLimiterTest {
    private static final RateLimiter.Rule RULE = new RateLimiter.Rule("test", 10, 20);

    @Test
    void two_hundred_thousand_addresses_keep_the_table_bounded_and_sweeps_rare() {
        long[] now = {0};
        RateLimiter limiter = new RateLimiter(() -> now[0]);
        // 200k addresses within 2 simulated seconds: at most a few cleanings, never one per request.
        for (int i = 0; i < 200_000; i++) {
            now[0] += TimeUnit.MICROSECONDS.toNanos(10);
            limiter.acquire(RULE, "2001:db8::" + Integer.toHexString(i));
            assertThat(limiter.size()).isLessThanOrEqualTo(RateLimiter.MAX_BUCKETS + 100_001);
        }
        assertThat(limiter.cleanings()).isBetween(1L, 3L);
        assertThat(limiter.size()).isLessThanOrEqualTo(RateLimiter.MAX_BUCKETS * 2);
        // A second later the next request cleans again, down under the bound.
        now[0] += TimeUnit.SECONDS.toNanos(2);
        limiter.acquire(RULE, "late");
        assertThat(limiter.size()).isLessThanOrEqualTo(RateLimiter.MAX_BUCKETS);
    }

    @Test
    void an_address_being_limited_keeps_its_bucket_through_a_cleaning() {
        RateLimiter.Rule slow = new RateLimiter.Rule("slow", 1 / 60.0, 5);
        long[] now = {0};
        RateLimiter limiter = new RateLimiter(() -> now[0]);
        for (int i = 0; i < RateLimiter.MAX_BUCKETS * 2; i++) {
            limiter.acquire(slow, "other-" + i);
        }
        now[0] += TimeUnit.MILLISECONDS.toNanos(1);
        for (int i = 0; i < slow.burst(); i++) {
            assertThat(limiter.acquire(slow, "attacker")).isZero();
        }
        now[0] += TimeUnit.SECONDS.toNanos(2);
        limiter.acquire(slow, "trigger");
        // Cleanings ran during the flood and now; the attacker, used after all of it, is still limited.
        assertThat(limiter.cleanings()).isEqualTo(2);
        assertThat(limiter.acquire(slow, "attacker")).isPositive();
    }
}
