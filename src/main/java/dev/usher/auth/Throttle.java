package dev.usher.auth;

import dev.usher.web.ApiError;
import dev.usher.web.RateLimiter;
import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.LongSupplier;

/**
 * Brute-force brakes: the {@link Limit}s a route declares, per client address and per device
 * token, and wrong tokens per address. The limits sit far above what a real door does (a person
 * needs a second or two per scan) and far below what guessing needs. The organizer's admin token
 * is not limited: it is the one running imports, exports and benchmarks.
 */
public final class Throttle {
    static final RateLimiter.Rule SCANS_PER_DEVICE = new RateLimiter.Rule("scan-device", 10, 30);
    static final RateLimiter.Rule SCANS_PER_ADDRESS = new RateLimiter.Rule("scan-address", 30, 60);
    static final RateLimiter.Rule SEARCHES_PER_DEVICE = new RateLimiter.Rule("search-device", 3, 10);
    static final RateLimiter.Rule OFFLINE_SYNCS_PER_DEVICE = new RateLimiter.Rule("offline-device", 5, 20);
    static final RateLimiter.Rule REGISTRATIONS_PER_ADDRESS = new RateLimiter.Rule("register-address", 10 / 60.0, 10);
    static final RateLimiter.Rule TICKET_PAGES_PER_ADDRESS = new RateLimiter.Rule("ticket-address", 20, 60);
    static final RateLimiter.Rule WRONG_TOKENS_PER_ADDRESS = new RateLimiter.Rule("wrong-token-address", 30 / 60.0, 30);
    /** A dashboard or kiosk needs one stream; a few tabs and reconnects fit well under this. */
    static final int MAX_STREAMS_PER_DEVICE = 20;
    private static final Logger log = LoggerFactory.getLogger(Throttle.class);

    private final RateLimiter limiter;
    private final RepeatLog wrongTokenLog;
    private final OpenStreams streams;

    public Throttle(RateLimiter limiter, LongSupplier nanoTime, OpenStreams streams) {
        this.limiter = limiter;
        this.streams = streams;
        this.wrongTokenLog = new RepeatLog(nanoTime);
    }

    void wrongToken(Context ctx) {
        long leftOut = wrongTokenLog.occurred(ctx.ip());
        if (leftOut >= 0) {
            log.warn("wrong token from {} on {} {}{}", ctx.ip(), ctx.method(), ctx.path(),
                    leftOut == 0 ? "" : " (and " + leftOut + " more from this address since the last such line)");
        }
        check(WRONG_TOKENS_PER_ADDRESS, ctx.ip(), "too_many_attempts", "Too many wrong tokens from this address.");
    }

    /** Applies the matched route's limits; {@code who} is null on a public route. */
    void route(Context ctx, Principal who) {
        if (who != null && who.role() == Role.ADMIN) {
            return;
        }
        for (RouteRole marker : ctx.routeRoles()) {
            if (marker instanceof Limit limit) {
                apply(limit, ctx, who);
            }
        }
    }

    private void apply(Limit limit, Context ctx, Principal who) {
        String device = who == null ? "anonymous" : who.deviceId();
        switch (limit) {
            case SCANS -> {
                check(SCANS_PER_DEVICE, device, "rate_limited", "This kiosk is scanning faster than a door can; slow down.");
                check(SCANS_PER_ADDRESS, ctx.ip(), "rate_limited", "Too many scans from this address.");
            }
            case SEARCHES -> check(SEARCHES_PER_DEVICE, device, "rate_limited", "Too many searches; wait a moment.");
            case OFFLINE_SYNCS -> check(OFFLINE_SYNCS_PER_DEVICE, device, "rate_limited", "Too many offline syncs from this kiosk; wait a moment.");
            case REGISTRATIONS -> check(REGISTRATIONS_PER_ADDRESS, ctx.ip(), "rate_limited",
                    "Too many registrations from this address; try again later.");
            case TICKET_PAGES -> check(TICKET_PAGES_PER_ADDRESS, ctx.ip(), "rate_limited", "Too many ticket look-ups from this address.");
            case STREAMS -> {
                if (streams.openBy(device) >= MAX_STREAMS_PER_DEVICE) {
                    throw ApiError.tooManyRequests("too_many_streams", "This device already has " + MAX_STREAMS_PER_DEVICE
                            + " live streams open; close some tabs first.", 5);
                }
            }
        }
    }

    private void check(RateLimiter.Rule rule, String key, String code, String message) {
        long wait = limiter.acquire(rule, key);
        if (wait > 0) {
            throw ApiError.tooManyRequests(code, message, wait);
        }
    }
}
