package dev.usher.bench;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import dev.usher.ticket.EventKey;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The in-run references: what this machine does without Usher around it, measured in this JVM,
 * each after a short warm-up; single-threaded except the signing rate, which uses every core.
 */
final class RawReferences {
    private RawReferences() {
    }

    /**
     * Single-row INSERTs, each its own transaction (autocommit), into a fresh SQLite file in WAL mode
     * with {@code synchronous=FULL}: one fsync per commit, the floor group commit has to beat.
     */
    static double sqliteCommitsPerSecond(Path dir, Duration warmUp, Duration measure) throws SQLException, IOException {
        Path file = dir.resolve("raw-commits.db");
        Files.deleteIfExists(file);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT NOT NULL, at INTEGER NOT NULL)");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (code, at) VALUES (?, ?)")) {
                timed(warmUp, () -> insert(ps));
                return timed(measure, () -> insert(ps));
            }
        } finally {
            for (String suffix : List.of("", "-wal", "-shm")) {
                Files.deleteIfExists(dir.resolve("raw-commits.db" + suffix));
            }
        }
    }

    private static void insert(PreparedStatement ps) throws SQLException {
        ps.setString(1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
        ps.setLong(2, System.currentTimeMillis());
        ps.executeUpdate();
    }

    /**
     * ZXing's own path to a PNG, as most code written against it does: encode at 300 × 300 px
     * (error correction M, quiet zone 4), {@code MatrixToImageWriter.toBufferedImage}, {@code ImageIO.write}
     * to memory (ImageIO's disk cache off, which only makes the reference faster).
     */
    static double zxingPngsPerSecond(List<String> codes, Duration warmUp, Duration measure) throws Exception {
        ImageIO.setUseCache(false);
        Map<EncodeHintType, Object> hints = Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4);
        QRCodeWriter writer = new QRCodeWriter();
        int[] next = {0};
        Step png = () -> {
            String code = codes.get(next[0]++ % codes.size());
            try {
                BitMatrix m = writer.encode(code, BarcodeFormat.QR_CODE, 300, 300, hints);
                BufferedImage image = MatrixToImageWriter.toBufferedImage(m);
                ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
                if (!ImageIO.write(image, "png", out) || out.size() == 0) {
                    throw new IllegalStateException("ImageIO wrote no PNG");
                }
            } catch (WriterException e) {
                throw new IllegalStateException(e);
            }
        };
        timed(warmUp, png);
        return timed(measure, png);
    }

    /**
     * Ticket codes signed per second with the server's own code ({@link EventKey#issue}: a random
     * serial and its Ed25519 signature), on one thread per core, with a fresh key in a folder of
     * its own under {@code dir}: what an import could reach if signing were all it did.
     */
    static double signaturesPerSecond(Path dir, Duration warmUp, Duration measure) throws IOException, InterruptedException {
        Path keyDir = Files.createTempDirectory(dir, "signing-key-");
        try {
            EventKey key = EventKey.loadOrCreate(keyDir, new SecureRandom(), true);
            int threads = Runtime.getRuntime().availableProcessors();
            onEveryCore(threads, warmUp, key);
            return onEveryCore(threads, measure, key);
        } finally {
            try (var files = Files.list(keyDir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.delete(f);
                }
            }
            Files.delete(keyDir);
        }
    }

    private static double onEveryCore(int threads, Duration length, EventKey key) throws InterruptedException {
        double[] rates = new double[threads];
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Thread> running = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int slot = i;
            Thread t = new Thread(() -> {
                try {
                    rates[slot] = timed(length, key::issue);
                } catch (RuntimeException e) {
                    failure.set(e);
                }
            }, "signing-reference-" + i);
            running.add(t);
            t.start();
        }
        for (Thread t : running) {
            t.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        double total = 0;
        for (double r : rates) {
            total += r;
        }
        return total;
    }

    interface Step {
        void run() throws Exception;
    }

    /** Runs {@code step} until {@code length} has passed; returns how many per second. */
    private static double timed(Duration length, Step step) {
        long start = System.nanoTime();
        long end = start + length.toNanos();
        long n = 0;
        long now;
        try {
            do {
                step.run();
                n++;
                now = System.nanoTime();
            } while (now < end);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return n / ((now - start) / 1e9);
    }
}
