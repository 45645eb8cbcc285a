package dev.usher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Where one server thread spent a phase, from {@code /proc}: on a CPU and waiting for one (exact,
 * from {@code schedstat}), in uninterruptible disk wait (fsync) or idle (sampled every 2 ms from the
 * thread's state). Used for the single database writer: busy all the time means it is the bottleneck.
 */
final class ThreadStates implements AutoCloseable {
    private final Path task;
    private final String label;
    private final long startNanos = System.nanoTime();
    private final long[] startSched;
    private final Thread sampler;
    private volatile boolean running = true;
    private long samples;
    private long disk;
    private long sleeping;

    private ThreadStates(Path task, String label) {
        this.task = task;
        this.label = label;
        this.startSched = schedstat(task);
        this.sampler = new Thread(this::sample, "thread-states");
        this.sampler.setDaemon(true);
        this.sampler.start();
    }

    /** Watches the server thread named {@code comm}; null when there is none (yet). */
    static ThreadStates watch(long pid, String comm, String label) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                if (Files.readString(t.resolve("comm")).strip().equals(comm)) {
                    return new ThreadStates(t, label);
                }
            }
        } catch (IOException | RuntimeException e) {
            // No such process or thread.
        }
        return null;
    }

    private void sample() {
        while (running) {
            try {
                String stat = Files.readString(task.resolve("stat"));
                char state = stat.charAt(stat.lastIndexOf(')') + 2);
                samples++;
                if (state == 'D') {
                    disk++;
                } else if (state == 'S') {
                    sleeping++;
                }
            } catch (IOException | RuntimeException e) {
                return;
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** {cpu nanos, run-queue wait nanos}, or null without schedstat. */
    private static long[] schedstat(Path task) {
        try {
            String[] f = Files.readString(task.resolve("schedstat")).trim().split("\\s+");
            return new long[]{Long.parseLong(f[0]), Long.parseLong(f[1])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            sampler.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The thread's time on a CPU since it was first watched (schedstat, ns); -1 without schedstat. */
    long cpuNanos() {
        long[] now = schedstat(task);
        return now == null || startSched == null ? -1 : now[0] - startSched[0];
    }

    /** "db writer: on a CPU 52 %, waiting for a CPU 18 %, in disk wait 9 %, idle 21 %". */
    String summary() {
        close();
        double wall = System.nanoTime() - startNanos;
        long[] end = schedstat(task);
        if (samples == 0 || startSched == null || end == null) {
            return label + ": (no /proc data)";
        }
        double cpu = (end[0] - startSched[0]) / wall;
        double queue = (end[1] - startSched[1]) / wall;
        return String.format(Locale.ROOT, "%s thread: on a CPU %.0f %%, waiting for a CPU %.0f %%, in disk wait (fsync) %.0f %%, idle %.0f %% (%,d samples)",
                label, 100 * cpu, 100 * queue, 100.0 * disk / samples, 100.0 * sleeping / samples, samples);
    }
}
