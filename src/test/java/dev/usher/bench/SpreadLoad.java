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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A GET load from many client addresses, for routes that are rate-limited per address (the ticket
 * pages: 20 per second per address). Every connection binds a fresh loopback address
 * (127.0.0.0/8 is all local on Linux) and makes at most {@code perAddress} requests, fewer than the
 * limiter's burst, as a crowd of attendees each opening their ticket would. Closed loop, like wrk:
 * each connection sends its next request when the previous answer is in.
 */
final class SpreadLoad {
    record Result(long requests, double seconds, Map<Integer, Long> statuses, long p50Us, long p99Us, int addresses, long socketErrors) {
        double perSecond(int status) {
            return statuses.getOrDefault(status, 0L) / seconds;
        }

        long count(int status) {
            return statuses.getOrDefault(status, 0L);
        }
    }

    private final InetSocketAddress server;
    private final AtomicInteger nextAddress = new AtomicInteger();

    SpreadLoad(String host, int port) {
        this.server = new InetSocketAddress(host, port);
    }

    Result run(IntFunction<String> pathFor, int connections, Duration duration, int perAddress) throws InterruptedException {
        AtomicInteger requestNumber = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Worker w = new Worker(pathFor, requestNumber, end, perAddress);
            workers.add(w);
            w.thread.start();
        }
        for (Worker w : workers) {
            w.thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<Integer, Long> statuses = new TreeMap<>();
        long total = 0;
        long socketErrors = 0;
        for (Worker w : workers) {
            if (w.failure != null) {
                throw new IllegalStateException("spread load failed: " + w.failure, w.failure);
            }
            w.statuses.forEach((k, v) -> statuses.merge(k, v, Long::sum));
            total += w.latencyCount;
            socketErrors += w.socketErrors;
        }
        if (socketErrors > Math.max(10, total / 10)) {
            throw new IllegalStateException("spread load: " + socketErrors + " broken connections for " + total + " answers");
        }
        long[] all = new long[(int) total];
        int at = 0;
        for (Worker w : workers) {
            System.arraycopy(w.latencies, 0, all, at, w.latencyCount);
            at += w.latencyCount;
        }
        Arrays.sort(all);
        return new Result(total, seconds, statuses, percentile(all, 50), percentile(all, 99), nextAddress.get(), socketErrors);
    }

    /** Nearest-rank percentile of sorted nanoseconds, in µs; -1 when there are none. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1000;
    }

    /** 127.d.c.b, skipping .0 and .255 in each byte, from 127.1.1.1 on. */
    private InetAddress freshAddress() throws IOException {
        int n = nextAddress.getAndIncrement();
        int b = n % 254 + 1;
        int c = (n / 254) % 254 + 1;
        int d = n / (254 * 254) + 1;
        return InetAddress.getByAddress(new byte[]{127, (byte) d, (byte) c, (byte) b});
    }

    private final class Worker {
        final Thread thread;
        final Map<Integer, Long> statuses = new TreeMap<>();
        long[] latencies = new long[4096];
        int latencyCount;
        long socketErrors;
        Exception failure;

        Worker(IntFunction<String> pathFor, AtomicInteger requestNumber, long end, int perAddress) {
            thread = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        try (Socket s = new Socket()) {
                            s.setTcpNoDelay(true);
                            s.bind(new InetSocketAddress(freshAddress(), 0));
                            s.connect(server, 5000);
                            s.setSoTimeout(30_000);
                            InputStream in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
                            OutputStream out = s.getOutputStream();
                            for (int i = 0; i < perAddress && System.nanoTime() < end; i++) {
                                String path = pathFor.apply(requestNumber.getAndIncrement());
                                long t0 = System.nanoTime();
                                out.write(("GET " + path + " HTTP/1.1\r\nHost: " + server.getHostString() + ":" + server.getPort()
                                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                                out.flush();
                                int status = readResponse(in);
                                record(status, System.nanoTime() - t0);
                            }
                        } catch (IOException e) {
                            // A connection the server closed (or refused): counted, and the next one tried.
                            socketErrors++;
                        }
                    }
                } catch (Exception e) {
                    failure = e;
                }
            }, "spread-load");
        }

        private void record(int status, long nanos) {
            statuses.merge(status, 1L, Long::sum);
            if (latencyCount == latencies.length) {
                latencies = Arrays.copyOf(latencies, latencies.length * 2);
            }
            latencies[latencyCount++] = nanos;
        }
    }

    /** Reads one HTTP/1.1 response (Content-Length or chunked); returns its status. */
    static int readResponse(InputStream in) throws IOException {
        return readResponse(in, null);
    }

    /** The same, copying the body into {@code body} when it is not null (else the body is skipped). */
    static int readResponse(InputStream in, ByteArrayOutputStream body) throws IOException {
        String statusLine = line(in);
        if (!statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(h.substring(15).strip());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line(in).split(";")[0].strip(), 16); size > 0; size = Long.parseLong(line(in).split(";")[0].strip(), 16)) {
                skip(in, size, body);
                line(in);
            }
            line(in);
        } else if (length > 0) {
            skip(in, length, body);
        }
        return status;
    }

    private static void skip(InputStream in, long n, ByteArrayOutputStream body) throws IOException {
        if (body != null) {
            byte[] bytes = in.readNBytes((int) n);
            if (bytes.length < n) {
                throw new IOException("connection closed mid-body");
            }
            body.write(bytes);
            return;
        }
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed mid-body");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder(64);
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                s.append((char) b);
            }
        }
        return s.toString();
    }
}
