package dev.usher.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * One SSE stream of {@link SseLoad} as its bytes arrive: the HTTP head, chunked framing, then event
 * lines. Keeps the main list's {@code stats.checkedIn} of the last {@code snapshot} event, read from
 * the bytes without making a String of them, and tells its {@link Events} of each snapshot.
 */
final class SseStream {
    /** What the stream tells its owner. */
    interface Events {
        /** A complete snapshot event arrived ({@link #checkedIn()} holds its count); {@code first}: this stream's first. */
        void snapshot(long now, boolean first);

        /** Whether to keep the stream's first data line, to check the quick reading against a JSON parser. */
        boolean keepFirstData();
    }

    private static final byte[] EVENT = "event:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SNAPSHOT = "snapshot".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STATS = "\"stats\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHECKED_IN = "\"checkedIn\":".getBytes(StandardCharsets.US_ASCII);

    private final Events events;
    // HTTP
    private boolean inBody;
    private boolean chunked;
    private long chunkLeft = -1;
    private int crlfToSkip;
    private final StringBuilder head = new StringBuilder();
    private final StringBuilder sizeLine = new StringBuilder(8);
    // SSE
    private byte[] line = new byte[512];
    private int lineLength;
    private boolean snapshotEvent;
    private boolean hasData;
    private long pendingCheckedIn = -1;
    private String firstData;
    private int snapshots;
    private long checkedIn = -1;
    private long heartbeats;

    SseStream(Events events) {
        this.events = events;
    }

    int snapshots() {
        return snapshots;
    }

    long checkedIn() {
        return checkedIn;
    }

    long heartbeats() {
        return heartbeats;
    }

    /** The first data line, if {@link Events#keepFirstData()} asked for it when it came; else null. */
    String firstData() {
        return firstData;
    }

    /** {@code in} must be a heap buffer: event bytes are scanned and copied in bulk, not one {@code get()} at a time. */
    void feed(ByteBuffer in, long now) {
        while (in.hasRemaining()) {
            if (!inBody) {
                head.append((char) (in.get() & 0xff));
                int n = head.length();
                if (n >= 4 && head.charAt(n - 4) == '\r' && head.charAt(n - 3) == '\n' && head.charAt(n - 2) == '\r' && head.charAt(n - 1) == '\n') {
                    readHead();
                }
            } else if (!chunked) {
                int from = in.arrayOffset() + in.position();
                sse(in.array(), from, from + in.remaining(), now);
                in.position(in.limit());
            } else if (crlfToSkip > 0) {
                in.get();
                crlfToSkip--;
            } else if (chunkLeft > 0) {
                int take = (int) Math.min(chunkLeft, in.remaining());
                int from = in.arrayOffset() + in.position();
                sse(in.array(), from, from + take, now);
                in.position(in.position() + take);
                chunkLeft -= take;
                if (chunkLeft == 0) {
                    crlfToSkip = 2;
                    chunkLeft = -1;
                }
            } else {
                chunkSize(in.get());
            }
        }
    }

    /** A byte of the chunk-size line (kept apart: a chunk may end in the middle of an SSE line). */
    private void chunkSize(byte b) {
        if (b == '\n') {
            String size = sizeLine.toString().strip();
            sizeLine.setLength(0);
            int semi = size.indexOf(';');
            long n = Long.parseLong(semi < 0 ? size : size.substring(0, semi), 16);
            if (n == 0) {
                throw new IllegalStateException("the server ended the stream");
            }
            chunkLeft = n;
        } else {
            sizeLine.append((char) b);
        }
    }

    private void readHead() {
        String text = head.toString();
        String status = text.substring(0, text.indexOf('\r'));
        if (!status.matches("HTTP/1\\.[01] 200.*")) {
            throw new IllegalStateException("stream refused: " + status);
        }
        chunked = text.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked");
        inBody = true;
        head.setLength(0);
        head.trimToSize();
    }

    /**
     * SSE bytes {@code a[from, to)}: whole runs up to each line break are copied into the line at
     * once (a 10,000-client row reads tens of MB on one thread, so a byte at a time was most of the
     * client's time, and the client's time is part of every delay it measures).
     */
    private void sse(byte[] a, int from, int to, long now) {
        int i = from;
        while (i < to) {
            int end = i;
            while (end < to && a[end] != '\n') {
                end++;
            }
            append(a, i, end - i);
            if (end == to) {
                return;
            }
            endLine(now);
            i = end + 1;
        }
    }

    private void append(byte[] a, int from, int length) {
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + length));
        }
        System.arraycopy(a, from, line, lineLength, length);
        lineLength += length;
    }

    private void endLine(long now) {
        int n = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
        lineLength = 0;
        if (n == 0) {
            dispatch(now);
        } else if (line[0] == ':') {
            heartbeats++;
        } else if (startsWith(EVENT, n)) {
            snapshotEvent = endsWith(SNAPSHOT, n);
        } else if (startsWith(DATA, n)) {
            hasData = true;
            long v = checkedIn(line, DATA.length, n);
            if (v >= 0) {
                pendingCheckedIn = v;
            }
            if (events.keepFirstData() && firstData == null) {
                firstData = new String(line, DATA.length, n - DATA.length, StandardCharsets.UTF_8);
            }
        }
    }

    private boolean startsWith(byte[] prefix, int n) {
        if (n < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (line[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean endsWith(byte[] suffix, int n) {
        if (n < suffix.length) {
            return false;
        }
        for (int i = 0; i < suffix.length; i++) {
            if (line[n - suffix.length + i] != suffix[i]) {
                return false;
            }
        }
        return true;
    }

    private void dispatch(long now) {
        if (snapshotEvent && hasData) {
            if (pendingCheckedIn < 0) {
                SseLoad.fatal("a snapshot without stats.checkedIn");
            }
            checkedIn = pendingCheckedIn;
            events.snapshot(now, snapshots++ == 0);
        }
        snapshotEvent = false;
        hasData = false;
        pendingCheckedIn = -1;
    }

    /**
     * The main list's count, {@code "checkedIn"} inside {@code "stats"}, read from the line's bytes
     * without making a String of a several-KB snapshot (10,000 of them arrive at once); -1 if absent.
     */
    static long checkedIn(byte[] b, int from, int to) {
        int stats = indexOf(b, STATS, from, to);
        int at = stats < 0 ? -1 : indexOf(b, CHECKED_IN, stats, to);
        if (at < 0) {
            return -1;
        }
        long v = 0;
        for (int i = at + CHECKED_IN.length; i < to && b[i] >= '0' && b[i] <= '9'; i++) {
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    private static int indexOf(byte[] b, byte[] pattern, int from, int to) {
        outer:
        for (int i = from; i <= to - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (b[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
