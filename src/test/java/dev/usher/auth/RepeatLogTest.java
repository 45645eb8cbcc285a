package dev.usher.auth;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class RepeatLogTest {
    @Test
    void a_flood_from_one_address_is_one_line_a_minute_with_a_count() {
        long[] now = {0};
        RepeatLog log = new RepeatLog(() -> now[0]);
        int lines = 0;
        for (int i = 0; i < 50_000; i++) {
            now[0] += TimeUnit.MICROSECONDS.toNanos(100); // 50,000 attempts in 5 s
            if (log.occurred("203.0.113.9") >= 0) {
                lines++;
            }
        }
        assertThat(lines).isEqualTo(1);
        now[0] += RepeatLog.WINDOW_NANOS;
        assertThat(log.occurred("203.0.113.9")).isEqualTo(49_999);
        assertThat(log.occurred("198.51.100.7")).as("another address has its own line").isZero();
    }
}
