package dev.usher.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Kiosks at the doors, scanning at a person's pace: each kiosk has its own device token and its own
 * loopback address (the scan limits are per kiosk and per address, as at a venue), one keep-alive
 * connection, and posts what the kiosk page posts ({@code code}, {@code nonce}, {@code at}) for a
 * different ticket every time.
 *
 * <p>Open loop: kiosk {@code k} of {@code n} has its scans scheduled at {@code start + k·every/n +
 * i·every}, whatever the server does, and a scan's latency runs from its scheduled time to its answer.
 * A slow answer makes the next scan late, and that lateness is counted in the next scan's latency
 * instead of vanishing (no coordinated omission).
 */
final class KioskLoad {
    /** One scan: its scheduled time (System.nanoTime), scheduled time to answer, and the status (-1: no answer). */
    record Scan(long scheduledNanos, long latencyNanos, int status) {
    }

    private final InetSocketAddress server;
    private final List<String> tokens;
    private final List<String> codes;
    private final Duration every;
    /** Added to a kiosk's index for its address, so two loads side by side use different addresses. */
    private final int firstAddress;
    private final AtomicInteger nextCode = new AtomicInteger();
    private final List<Kiosk> kiosks = new ArrayList<>();
    /** The first answer body of each status other than 201 (and the first failure as status -1), for the log. */
    private final Map<Integer, String> firstRefusals = new ConcurrentSkipListMap<>();
    private volatile long stopAtNanos = Long.MAX_VALUE;

    KioskLoad(InetSocketAddress server, List<String> tokens, List<String> codes, Duration every) {
        this(server, tokens, codes, every, 0);
    }

    KioskLoad(InetSocketAddress server, List<String> tokens, List<String> codes, Duration every, int firstAddress) {
        this.server = server;
        this.tokens = tokens;
        this.codes = codes;
        this.every = every;
        this.firstAddress = firstAddress;
    }

    /** Starts every kiosk; their first scans are spread over the first {@code every} after {@code startNanos}. */
    void start(long startNanos) {
        start(startNanos, 0, tokens.size());
    }

    /**
     * The same as kiosks {@code offset} on of {@code of} in all (two loads side by side on two servers
     * then spread their first scans over one {@code every} together, not each on its own).
     */
    void start(long startNanos, int offset, int of) {
        for (int k = 0; k < tokens.size(); k++) {
            Kiosk kiosk = new Kiosk(k, startNanos + (offset + k) * every.toNanos() / of);
            kiosks.add(kiosk);
            kiosk.thread.start();
        }
    }

    /** Lets every kiosk finish the scans scheduled before {@code nanos}, and waits for them. */
    List<Scan> stopAt(long nanos) throws InterruptedException {
        stopAtNanos = nanos;
        List<Scan> all = new ArrayList<>();
        for (Kiosk k : kiosks) {
            k.thread.join();
            if (k.failure != null) {
                throw new IllegalStateException("kiosk " + k.index + " failed: " + k.failure, k.failure);
            }
            all.addAll(k.scans);
        }
        return all;
    }

    /** The first answer body of each status that was not an admission (-1: the error that left a scan unanswered). */
    Map<Integer, String> firstRefusals() {
        return firstRefusals;
    }

    /** Whether the reserved ticket codes ran out before the end (scans stopped early). */
    boolean ranOut() {
        return nextCode.get() >= codes.size();
    }

    /** Kiosk k's address: 127.3.x.y, apart from the addresses the QR client uses (127.1.x.y on). */
    private static InetAddress address(int k) throws IOException {
        return InetAddress.getByAddress(new byte[]{127, 3, (byte) (k / 254 + 1), (byte) (k % 254 + 1)});
    }

    private final class Kiosk {
        final int index;
        final long firstNanos;
        final List<Scan> scans = new ArrayList<>();
        final Thread thread;
        Exception failure;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Kiosk(int index, long firstNanos) {
            this.index = index;
            this.firstNanos = firstNanos;
            this.thread = new Thread(this::scanUntilStopped, "kiosk-" + index);
            this.thread.setDaemon(true);
        }

        private void scanUntilStopped() {
            try {
                for (long i = 0; ; i++) {
                    long scheduled = firstNanos + i * every.toNanos();
                    if (scheduled >= stopAtNanos) {
                        break;
                    }
                    long wait = scheduled - System.nanoTime();
                    while (wait > 0) {
                        LockSupport.parkNanos(wait);
                        wait = scheduled - System.nanoTime();
                    }
                    if (scheduled >= stopAtNanos) {
                        break;
                    }
                    int n = nextCode.getAndIncrement();
                    if (n >= codes.size()) {
                        break;
                    }
                    int status = scan(codes.get(n));
                    scans.add(new Scan(scheduled, System.nanoTime() - scheduled, status));
                }
            } catch (Exception e) {
                failure = e;
            } finally {
                closeQuietly();
            }
        }

        /** One scan on the kiosk's connection (opened again after a failure); its status, or -1 for no answer. */
        private int scan(String code) throws IOException {
            String body = "{\"code\":\"" + code + "\",\"nonce\":\"" + UUID.randomUUID() + "\",\"at\":\"" + Instant.now() + "\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String head = "POST /api/checkins HTTP/1.1\r\nHost: " + server.getHostString() + ":" + server.getPort()
                    + "\r\nAuthorization: Bearer " + tokens.get(index) + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + bytes.length + "\r\n\r\n";
            try {
                if (socket == null) {
                    socket = new Socket();
                    socket.setTcpNoDelay(true);
                    socket.bind(new InetSocketAddress(address(firstAddress + index), 0));
                    socket.connect(server, 5000);
                    socket.setSoTimeout(30_000);
                    in = new BufferedInputStream(socket.getInputStream(), 8 * 1024);
                    out = socket.getOutputStream();
                }
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.flush();
                ByteArrayOutputStream answer = new ByteArrayOutputStream(512);
                int status = SpreadLoad.readResponse(in, answer);
                if (status != 201) {
                    firstRefusals.putIfAbsent(status, answer.toString(StandardCharsets.UTF_8));
                }
                return status;
            } catch (IOException e) {
                firstRefusals.putIfAbsent(-1, e.toString());
                closeQuietly();
                return -1;
            }
        }

        private void closeQuietly() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // Closing a broken connection: nothing to do.
                }
                socket = null;
            }
        }
    }
}
