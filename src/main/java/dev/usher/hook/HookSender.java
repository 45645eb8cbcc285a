package dev.usher.hook;

import dev.usher.store.Database;
import dev.usher.store.Dialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers the outbox, off every request's path. One thread picks due deliveries oldest first and
 * starts them (HTTP is asynchronous: a slow receiver holds no thread); each endpoint has at most
 * {@link #IN_FLIGHT_PER_ENDPOINT} on the way, so a dead one never takes the others' turn. Outcomes
 * are written by one more thread. A restart finds pending rows and goes on: delivery is at least
 * once, and the {@code webhook-id} lets a receiver drop a repeat.
 */
public final class HookSender implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** How long a delivery taken on PostgreSQL is this node's: far past one attempt's {@link #TIMEOUT}. */
    static final Duration CLAIM = Duration.ofMinutes(2);
    static final int IN_FLIGHT_PER_ENDPOINT = 32;
    private static final int BATCH = 500;
    private static final long IDLE_POLL_MS = 1000;
    private static final Logger log = LoggerFactory.getLogger(HookSender.class);

    private final Database db;
    private final Webhooks hooks;
    private final WebhookStore store;
    private final HookSignature signature;
    private final RetrySchedule retries;
    private final Clock clock;
    private final HttpClient http;
    private final ExecutorService httpThreads = Executors.newFixedThreadPool(2, daemon("usher-webhook-http"));
    private final Semaphore wake = new Semaphore(0);
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> perEndpoint = new ConcurrentHashMap<>();
    private final ExecutorService outcomes = Executors.newSingleThreadExecutor(daemon("usher-webhook-outcomes"));
    private final Thread picker;
    private volatile boolean running = true;

    public HookSender(Database db, Webhooks hooks, HookSignature signature, RetrySchedule retries, Clock clock) {
        this.db = db;
        this.hooks = hooks;
        this.store = hooks.store();
        this.signature = signature;
        this.retries = retries;
        this.clock = clock;
        // HTTP/1.1: an h2c upgrade offer to a plain-HTTP receiver gains nothing and some small servers mishandle it.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
                .executor(httpThreads).build();
        this.picker = daemon("usher-webhook-picker").newThread(this::run);
        picker.start();
    }

    /** Something may be due: a commit (which may have raised events) or a settled delivery. */
    public void nudge() {
        wake.release();
    }

    private void run() {
        while (running) {
            try {
                pick();
                wake.tryAcquire(IDLE_POLL_MS, TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("webhook delivery pass failed: {}", e.toString());
                sleepQuietly();
            }
        }
    }

    /**
     * Synchronized with the end of {@link #settle}: a due list read before a delivery's outcome was
     * committed must not find it out of flight already, or it would be sent twice.
     */
    private synchronized void pick() {
        Map<String, Webhook> endpoints = hooks.enabledById();
        // Every commit wakes this thread: with no endpoint enabled there is nothing to send, and a
        // read per commit would compete with the door's writer for the CPU.
        if (endpoints.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<WebhookStore.Due> seen = db.read(c -> store.due(c, now, BATCH));
        if (seen.isEmpty()) {
            return;
        }
        List<WebhookStore.Due> wanted = new ArrayList<>();
        Map<String, Integer> planned = new HashMap<>();
        for (WebhookStore.Due d : seen) {
            Webhook w = endpoints.get(d.webhookId());
            int busy = perEndpoint.computeIfAbsent(d.webhookId(), k -> new AtomicInteger()).get() + planned.getOrDefault(d.webhookId(), 0);
            if (w == null || !w.enabled() || inFlight.contains(d.id()) || busy >= IN_FLIGHT_PER_ENDPOINT) {
                continue;
            }
            wanted.add(d);
            planned.merge(d.webhookId(), 1, Integer::sum);
        }
        if (wanted.isEmpty()) {
            return;
        }
        // Beside other nodes (PostgreSQL), send only what this node took; alone, what it chose.
        List<WebhookStore.Due> due = db.dialect() != Dialect.POSTGRESQL ? wanted
                : db.write(c -> store.claim(c, wanted, now, now.plus(CLAIM)));
        for (WebhookStore.Due d : due) {
            inFlight.add(d.id());
            perEndpoint.get(d.webhookId()).incrementAndGet();
            send(endpoints.get(d.webhookId()), d);
        }
    }

    private void send(Webhook w, WebhookStore.Due d) {
        Instant now = clock.instant();
        long timestamp = now.getEpochSecond();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(w.url())).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Usher-Webhooks/1")
                    .header("webhook-id", d.messageId())
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", signature.header(d.messageId(), timestamp, d.body(), Webhooks.liveSecrets(w, now)))
                    .POST(HttpRequest.BodyPublishers.ofString(d.body()))
                    .build();
        } catch (IllegalArgumentException e) {
            settle(w, d, now, null, null, "cannot send to this URL: " + e.getMessage(), 0);
            return;
        }
        long started = System.nanoTime();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenCompleteAsync((response, error) -> {
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                String why = cause instanceof HttpTimeoutException ? "no answer within " + TIMEOUT.toSeconds() + " s"
                        : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
                settle(w, d, clock.instant(), null, null, why, ms);
            } else {
                settle(w, d, clock.instant(), response.statusCode(), retryAfter(response), null, ms);
            }
        }, outcomes);
    }

    private void settle(Webhook w, WebhookStore.Due d, Instant now, Integer status, Duration retryAfter, String error, long ms) {
        try {
            boolean gone = status != null && status == 410;
            db.write(c -> {
                int attempts = d.attempts() + 1;
                store.recordAttempt(c, d, now, status, ms, error != null ? error : status >= 300 ? "HTTP " + status : null);
                if (status != null && status >= 200 && status < 300) {
                    store.settle(c, d.id(), attempts, "delivered", now, now);
                } else if (gone) {
                    // Kept: the endpoint is disabled, and what waited goes when staff enable it again.
                    store.settle(c, d.id(), attempts, "pending", now, null);
                } else {
                    Instant next = retries.next(d.createdAt(), now, attempts, retryAfter);
                    if (next == null) {
                        store.settle(c, d.id(), attempts, "failed", now, now);
                    } else {
                        store.settle(c, d.id(), attempts, "pending", next, null);
                    }
                }
                return null;
            });
            if (gone) {
                log.warn("webhook {} answered 410 Gone: disabled", w.url());
                hooks.disableGone(w.id());
            }
        } catch (RuntimeException e) {
            // Left pending: the next pass sends it again (at least once).
            log.warn("webhook outcome for delivery {} not recorded: {}", d.id(), e.toString());
        } finally {
            synchronized (this) {
                inFlight.remove(d.id());
                perEndpoint.get(d.webhookId()).decrementAndGet();
            }
            nudge();
        }
    }

    /** Seconds or an HTTP date (RFC 9110); null when absent or unreadable. */
    static Duration retryAfter(HttpResponse<?> response) {
        Optional<String> value = response.headers().firstValue("Retry-After");
        if (value.isEmpty()) {
            return null;
        }
        String v = value.get().strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException e) {
            try {
                return Duration.between(Instant.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(IDLE_POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        picker.interrupt();
        try {
            picker.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        outcomes.shutdown();
        try {
            outcomes.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        httpThreads.shutdownNow();
        handBack();
    }

    /**
     * Stopping with deliveries taken on PostgreSQL but not settled: due again now, for another
     * node or this one's next start, not in {@link #CLAIM}. (Sent but unrecorded ones go again:
     * at least once.)
     */
    private void handBack() {
        List<Long> unsettled = List.copyOf(inFlight);
        if (unsettled.isEmpty() || db.dialect() != Dialect.POSTGRESQL) {
            return;
        }
        try {
            Instant now = clock.instant();
            db.write(c -> {
                store.release(c, unsettled, now);
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("could not hand back {} webhook deliveries on stopping (due again in {} min): {}", unsettled.size(),
                    CLAIM.toMinutes(), e.getMessage());
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
