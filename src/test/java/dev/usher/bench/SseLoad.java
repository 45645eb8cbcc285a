package dev.usher.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many dashboards at once: N concurrent Server-Sent Events clients on {@code GET /api/stats/stream},
 * run as a process of its own so that it can vanish the way browsers do (the harness kills it).
 *
 * <p>Raw non-blocking sockets on one selector thread (a few KB per client, no thread per client).
 * Each client sends {@code Accept: text/event-stream} with the admin token; its {@link SseStream}
 * decodes HTTP chunked framing and SSE lines, and keeps the main list's {@code stats.checkedIn} of
 * the last {@code snapshot} event. Talks to the harness through stdin/stdout:
 * <pre>
 *   SSE_HELD held=N failed=F seconds=S     every client has its first snapshot (or the time ran out)
 *   (harness samples the server, then writes "GO")
 *   SSE_RESULT ...                          one check-in made, and when each client saw it
 * </pre>
 * and then holds the connections until it is killed.
 *
 * <p>{@code java dev.usher.bench.SseLoad BASE_URL TOKEN CLIENTS CHECKIN_CODE CONNECT_SECONDS}
 */
public final class SseLoad {
    private static final int MAX_HANDSHAKES_IN_FLIGHT = 100;

    private final InetSocketAddress server;
    private final String request;
    private final List<Client> clients = new ArrayList<>();
    private final Selector selector;
    // A heap buffer: SseStream scans its array in bulk.
    private final ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
    private int waitingForFirst;
    private int firsts;
    private int failed;
    private volatile boolean go;
    // While measuring: the checkedIn every client had before, and how many have seen more.
    private boolean measuring;
    private int seen;
    private long lastSnapshotNanos;
    private long busyNanos;

    SseLoad(URI base, String token) throws IOException {
        this.server = new InetSocketAddress(base.getHost(), base.getPort());
        this.request = "GET /api/stats/stream HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\nAccept: text/event-stream\r\nAuthorization: Bearer " + token + "\r\nCache-Control: no-cache\r\n\r\n";
        this.selector = Selector.open();
    }

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        String token = args[1];
        int n = Integer.parseInt(args[2]);
        String code = args[3];
        Duration connectLimit = Duration.ofSeconds(Long.parseLong(args[4]));
        SseLoad load = new SseLoad(base, token);
        load.listenForGo();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        // Warm the client that makes the check-in, so its first-use cost is not counted.
        http.send(HttpRequest.newBuilder(base.resolve("/api/event")).build(), HttpResponse.BodyHandlers.discarding());

        long start = System.nanoTime();
        boolean stalled = load.connect(n, start + connectLimit.toNanos());
        System.out.printf(Locale.ROOT, "SSE_HELD held=%d failed=%d stalled=%b seconds=%.2f%n", load.held(), load.failed + load.waitingForFirst,
                stalled, (System.nanoTime() - start) / 1e9);
        System.out.flush();
        while (!load.go) {
            load.poll(50);
        }
        load.measure(http, base, token, code);
        while (true) {
            load.poll(1000);
        }
    }

    private void listenForGo() {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.strip().equals("GO")) {
                        go = true;
                    }
                }
            } catch (IOException ignored) {
                // The harness went away: nothing more to wait for.
            }
            // stdin closed: the harness is gone, and so are we.
            if (!go) {
                System.exit(3);
            }
        }, "sse-stdin");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Opens {@code n} streams, a bounded number of handshakes at a time (the server's accept queue is
     * short); gives up early, returning true, when no stream got its first snapshot for 10 s.
     */
    private boolean connect(int n, long deadline) throws IOException {
        int opened = 0;
        int lastFirsts = 0;
        long lastProgress = System.nanoTime();
        while ((opened < n || waitingForFirst > 0) && System.nanoTime() < deadline) {
            if (firsts != lastFirsts) {
                lastFirsts = firsts;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > 10_000_000_000L) {
                return true;
            }
            while (opened < n && waitingForFirst < MAX_HANDSHAKES_IN_FLIGHT) {
                Client c = new Client();
                clients.add(c);
                c.channel = SocketChannel.open();
                c.channel.configureBlocking(false);
                c.channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                waitingForFirst++;
                opened++;
                if (c.channel.connect(server)) {
                    c.channel.register(selector, SelectionKey.OP_READ, c);
                    send(c);
                } else {
                    c.channel.register(selector, SelectionKey.OP_CONNECT, c);
                }
            }
            poll(20);
        }
        return false;
    }

    private int held() {
        int n = 0;
        for (Client c : clients) {
            if (c.sse.snapshots() > 0 && !c.ended) {
                n++;
            }
        }
        return n;
    }

    private void poll(long timeoutMillis) throws IOException {
        selector.select(timeoutMillis);
        long now = System.nanoTime();
        for (SelectionKey key : selector.selectedKeys()) {
            Client c = (Client) key.attachment();
            try {
                if (key.isConnectable()) {
                    c.channel.finishConnect();
                    key.interestOps(SelectionKey.OP_READ);
                    send(c);
                } else if (key.isReadable()) {
                    buffer.clear();
                    int read = c.channel.read(buffer);
                    if (read < 0) {
                        end(c, key);
                        continue;
                    }
                    buffer.flip();
                    c.sse.feed(buffer, now);
                }
            } catch (IOException | RuntimeException e) {
                end(c, key);
            }
        }
        selector.selectedKeys().clear();
        if (measuring) {
            busyNanos += System.nanoTime() - now;
        }
    }

    private void send(Client c) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
        while (out.hasRemaining()) {
            if (c.channel.write(out) == 0) {
                // A fresh socket's send buffer always takes a few hundred bytes; this is only a guard.
                Thread.onSpinWait();
            }
        }
    }

    private void end(Client c, SelectionKey key) {
        key.cancel();
        try {
            c.channel.close();
        } catch (IOException ignored) {
            // Closing a broken socket: nothing to do.
        }
        if (!c.ended) {
            c.ended = true;
            if (c.sse.snapshots() == 0) {
                waitingForFirst--;
                failed++;
            }
        }
    }

    /** After the quiet period: one check-in, then wait until every client saw its count go up (or 10 s). */
    private void measure(HttpClient http, URI base, String token, String code) throws IOException {
        // Let anything already on its way (earlier writes, their broadcast) arrive first.
        lastSnapshotNanos = System.nanoTime();
        long quietStart = System.nanoTime();
        while (System.nanoTime() - lastSnapshotNanos < 600_000_000L && System.nanoTime() - quietStart < 10_000_000_000L) {
            poll(50);
        }
        int watched = 0;
        for (Client c : clients) {
            if (c.sse.snapshots() > 0 && !c.ended) {
                c.baseline = c.sse.checkedIn();
                c.watched = true;
                watched++;
            }
        }
        measuring = true;
        AtomicLong ackNanos = new AtomicLong();
        AtomicInteger status = new AtomicInteger();
        HttpRequest checkIn = HttpRequest.newBuilder(base.resolve("/api/checkins"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}")).build();
        long sent = System.nanoTime();
        http.sendAsync(checkIn, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
            ackNanos.set(System.nanoTime());
            status.set(r == null ? -1 : r.statusCode());
        });
        long deadline = sent + 10_000_000_000L;
        while (seen < watched && System.nanoTime() < deadline) {
            poll(20);
        }
        while (ackNanos.get() == 0 && System.nanoTime() < deadline + 5_000_000_000L) {
            poll(20);
        }
        long ack = ackNanos.get();
        double[] fromSend = new double[seen];
        double[] fromAck = new double[seen];
        int i = 0;
        for (Client c : clients) {
            if (c.watched && c.sawNanos > 0) {
                fromSend[i] = (c.sawNanos - sent) / 1e6;
                fromAck[i] = (c.sawNanos - ack) / 1e6;
                i++;
            }
        }
        Arrays.sort(fromSend);
        Arrays.sort(fromAck);
        System.out.printf(Locale.ROOT, "SSE_RESULT watched=%d seen=%d checkin_status=%d ack_ms=%.1f"
                        + " p50_ms=%.1f p99_ms=%.1f worst_ms=%.1f worst_after_ack_ms=%.1f heartbeats=%d client_busy_ms=%.1f%n",
                watched, seen, status.get(), ack == 0 ? -1 : (ack - sent) / 1e6,
                pct(fromSend, 50), pct(fromSend, 99), seen == 0 ? -1 : fromSend[seen - 1], seen == 0 ? -1 : fromAck[seen - 1],
                clients.stream().mapToLong(c -> c.sse.heartbeats()).max().orElse(0), busyNanos / 1e6);
        System.out.flush();
    }

    /** Nearest-rank percentile of sorted values; -1 when there are none. */
    static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** One connection: its socket, the stream read from it, and what the measurement noted of it. */
    private final class Client implements SseStream.Events {
        SocketChannel channel;
        boolean ended;
        final SseStream sse = new SseStream(this);
        // The measurement
        boolean watched;
        long baseline;
        long sawNanos;

        @Override
        public boolean keepFirstData() {
            return firsts == 0;
        }

        @Override
        public void snapshot(long now, boolean first) {
            lastSnapshotNanos = now;
            if (first) {
                waitingForFirst--;
                if (firsts++ == 0) {
                    checkParser(sse.firstData(), sse.checkedIn());
                }
            }
            if (measuring && watched && sawNanos == 0 && sse.checkedIn() > baseline) {
                sawNanos = now;
                seen++;
            }
        }
    }

    /** Once per run: the quick reading of a snapshot agrees with a JSON parser's. */
    private static void checkParser(String snapshot, long quick) {
        try {
            long parsed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(snapshot).at("/stats/checkedIn").asLong(-1);
            if (parsed != quick) {
                fatal("snapshot format changed: stats.checkedIn is " + parsed + ", the quick parser read " + quick);
            }
        } catch (IOException e) {
            fatal("a snapshot that is not JSON: " + e.getMessage());
        }
    }

    /** A harness error, not a server's: stop at once, so that it is not mistaken for dropped streams. */
    static void fatal(String message) {
        System.err.println("SseLoad: " + message);
        System.exit(4);
    }
}
