package dev.usher.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.auth.AccessGuard;
import dev.usher.auth.OpenStreams;
import dev.usher.auth.Principal;
import dev.usher.auth.Role;
import io.javalin.http.sse.SseClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * {@code GET /api/stats/stream}: Server-Sent Events carrying a full {@link Snapshot} on connect and
 * after every change. Changes are coalesced: the first one schedules a broadcast a moment later, and
 * everything that happens until then rides along, so a burst of scans sends a handful of events.
 * Heartbeat comments keep quiet streams open through proxies and reveal dead clients, which are
 * only noticed when a write to them fails.
 */
public final class LiveStream implements OpenStreams, AutoCloseable {
    static final long COALESCE_MS = 200;
    static final long HEARTBEAT_SECONDS = 15;
    /**
     * Broadcasts are at least this many times their cost apart (the snapshot's build and the writes
     * to every client): with a thousand dashboards open during a rush a broadcast every 200 ms took
     * as much CPU as the door's writer got, and the dashboards' readers as much again.
     */
    static final long BUILD_TIME_SHARE = 4;
    /** However slow the snapshot, dashboards hear of a change within this. */
    static final long MAX_GAP_MS = 2_000;
    private static final int SENDERS = 8;
    private static final Logger log = LoggerFactory.getLogger(LiveStream.class);

    private final StatsService stats;
    private final ObjectMapper json;
    private final Map<SseClient, Principal> clients = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("usher-live-timer"));
    private final ExecutorService senders = Executors.newFixedThreadPool(SENDERS, daemon("usher-live-send"));
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong version = new AtomicLong(1);
    private final List<Consumer<Set<String>>> heartbeatListeners = new CopyOnWriteArrayList<>();
    private volatile Cached cached;
    private final AtomicLong lastBroadcastNanos = new AtomicLong(System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(COALESCE_MS));
    /** The wait between broadcasts in a burst: COALESCE_MS, or longer while broadcasts are costly. */
    private final AtomicLong gapNanos = new AtomicLong(TimeUnit.MILLISECONDS.toNanos(COALESCE_MS));
    /** How long the last broadcast's writes took, from the first shard's start to the last one's end. */
    private final AtomicLong lastFanOutNanos = new AtomicLong();

    /** {@code frame} is the whole SSE event for staff, encoded once for every client it goes to. */
    private record Cached(long version, Snapshot snapshot, byte[] frame) {
    }

    public LiveStream(StatsService stats, ObjectMapper json) {
        this.stats = stats;
        this.json = json;
        timer.scheduleAtFixedRate(this::heartbeat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    /** The SSE handler: registers the client and sends it the current snapshot at once. */
    public void connect(SseClient client) {
        Principal who = AccessGuard.principal(client.ctx());
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        clients.put(client, who);
        // Whatever Last-Event-ID says, a snapshot brings the client fully up to date.
        try {
            send(client, who, current());
        } catch (UncheckedIOException e) {
            clients.remove(client);
            client.close(); // gone before its first event
        }
    }

    /**
     * Staff get the whole snapshot, serialized and encoded once for all; a kiosk its own projection.
     * Writes to one client are serialized: a broadcast and a heartbeat may reach it from two threads.
     */
    private void send(SseClient client, Principal who, Cached now) {
        byte[] frame = who.role() == Role.KIOSK
                ? frame("snapshot", serialize(now.snapshot().forKiosk(who.deviceId())), Long.toString(now.version()))
                : now.frame();
        synchronized (client) {
            try {
                client.ctx().res().getOutputStream().write(frame);
                client.ctx().res().flushBuffer();
            } catch (IOException e) {
                throw new UncheckedIOException(e); // fanOut drops and closes the client
            }
        }
    }

    /** Something was written: broadcast soon, together with whatever else changes meanwhile. */
    public void changed() {
        version.incrementAndGet();
        // After close (the server stopping) background writers such as the webhook sender may still commit.
        if (timer.isShutdown()) {
            return;
        }
        if (scheduled.compareAndSet(false, true)) {
            // The first change after a quiet spell goes out at once; later ones wait until the gap
            // after the last broadcast, so a burst still sends a few events a second.
            long sinceLast = System.nanoTime() - lastBroadcastNanos.get();
            long delay = Math.max(0, gapNanos.get() - sinceLast);
            timer.schedule(this::broadcast, delay, TimeUnit.NANOSECONDS);
        }
    }

    /** Closes the streams of a device whose token was revoked. */
    public void disconnect(String deviceId) {
        clients.forEach((client, who) -> {
            if (who.deviceId().equals(deviceId) && clients.remove(client) != null) {
                client.close();
            }
        });
    }

    /**
     * {@code listener} gets, at every heartbeat, the ids of the devices holding a stream open: an
     * idle kiosk that only watches the counts is alive, though it sends no request.
     */
    public void onHeartbeat(Consumer<Set<String>> listener) {
        heartbeatListeners.add(listener);
    }

    @Override
    public int openBy(String deviceId) {
        int n = 0;
        for (Principal who : clients.values()) {
            if (who.deviceId().equals(deviceId)) {
                n++;
            }
        }
        return n;
    }

    private Cached current() {
        Cached c = cached;
        if (c != null && c.version() == version.get()) {
            return c;
        }
        synchronized (this) {
            return refresh();
        }
    }

    /** One database read serves every client that connects or is told about the same version. */
    private Cached refresh() {
        long v = version.get();
        Cached c = cached;
        if (c != null && c.version() == v) {
            return c;
        }
        Snapshot snapshot = stats.snapshot();
        Cached fresh = new Cached(v, snapshot, frame("snapshot", serialize(snapshot), Long.toString(v)));
        cached = fresh;
        return fresh;
    }

    private String serialize(Snapshot snapshot) {
        try {
            return json.writeValueAsString(snapshot);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a snapshot always serializes", e);
        }
    }

    /** What Javalin's {@code sendEvent} writes, once: Jackson's compact JSON has no line breaks. */
    private static byte[] frame(String event, String data, String id) {
        if (data.indexOf('\n') >= 0 || data.indexOf('\r') >= 0) {
            throw new IllegalStateException("an SSE data line cannot hold a line break");
        }
        return ("id: " + id + "\nevent: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private void broadcast() {
        lastBroadcastNanos.set(System.nanoTime());
        scheduled.set(false);
        if (clients.isEmpty()) {
            return; // nobody is watching: no snapshot to build (the next client gets a fresh one)
        }
        try {
            long started = System.nanoTime();
            Cached now = current();
            long built = System.nanoTime() - started;
            gapNanos.set(Math.min(TimeUnit.MILLISECONDS.toNanos(MAX_GAP_MS),
                    Math.max(TimeUnit.MILLISECONDS.toNanos(COALESCE_MS), BUILD_TIME_SHARE * (built + lastFanOutNanos.get()))));
            long writing = System.nanoTime();
            fanOut(client -> send(client, clients.getOrDefault(client, Principal.ADMIN), now),
                    () -> lastFanOutNanos.set(System.nanoTime() - writing));
        } catch (RuntimeException e) {
            log.warn("live broadcast failed: {}", e.toString());
        }
    }

    private void heartbeat() {
        fanOut(client -> {
            synchronized (client) {
                client.sendComment("heartbeat");
            }
        }, () -> { });
        Set<String> devices = clients.values().stream().map(Principal::deviceId).collect(Collectors.toSet());
        if (devices.isEmpty()) {
            return;
        }
        for (Consumer<Set<String>> listener : heartbeatListeners) {
            try {
                listener.accept(devices);
            } catch (RuntimeException e) {
                log.warn("heartbeat listener failed: {}", e.toString());
            }
        }
    }

    /**
     * Writes to every client, spread over a few threads so one slow socket does not hold up the
     * rest; {@code done} runs once the last part is written.
     */
    private void fanOut(Consumer<SseClient> send, Runnable done) {
        List<SseClient> all = new ArrayList<>(clients.keySet());
        int shard = Math.max(1, (all.size() + SENDERS - 1) / SENDERS);
        int parts = (all.size() + shard - 1) / shard;
        if (parts == 0) {
            done.run();
            return;
        }
        AtomicInteger left = new AtomicInteger(parts);
        for (int from = 0; from < all.size(); from += shard) {
            List<SseClient> part = all.subList(from, Math.min(all.size(), from + shard));
            senders.execute(() -> {
                part.forEach(client -> write(client, send));
                if (left.decrementAndGet() == 0) {
                    done.run();
                }
            });
        }
    }

    private void write(SseClient client, Consumer<SseClient> send) {
        if (client.terminated()) {
            clients.remove(client);
            return;
        }
        try {
            send.accept(client);
        } catch (RuntimeException | OutOfMemoryError e) {
            // One client's failure (even running out of buffer memory) must not stop the
            // rest of this batch, nor kill the sender thread.
            if (clients.remove(client) != null) {
                client.close();
            }
        }
    }

    /** Ends every stream; idempotent, since both server shutdown and {@code Usher.close()} call it. */
    @Override
    public void close() {
        timer.shutdownNow();
        senders.shutdownNow();
        for (SseClient client : new ArrayList<>(clients.keySet())) {
            if (clients.remove(client) != null && !client.terminated()) {
                client.close();
            }
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
